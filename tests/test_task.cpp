#include <doctest/doctest.h>

#include "task/task.hpp"

using namespace eb;

TEST_CASE("tasks parse from the spelling Task::str() prints") {
  for (const Task& t : {Task::eq_token(4, 1), Task::eq_token(64, 3), Task::eq_bits(8)}) {
    auto back = parse_task_text(t.str());
    REQUIRE(back);
    CHECK(back->str() == t.str());
  }
  CHECK(parse_task_text(" eq-token( p = 5 , d = 2 ) ")->str() == "eq-token(p=5,d=2)");
  CHECK_FALSE(parse_task_text("eq-token(p=5)"));
  CHECK_FALSE(parse_task_text("eq-bits"));
  CHECK_THROWS_AS(parse_task_text("eq-token(p=65,d=1)"), std::invalid_argument);
  CHECK(Task::eq_token(3, 1).alphabet_size() == 5);
  CHECK(Task::eq_token(3, 1).truth({2, 2}));
  CHECK_FALSE(Task::eq_bits(2).truth({0, 1, 0, 0, 2}));
}
