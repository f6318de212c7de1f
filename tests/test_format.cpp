#include <doctest/doctest.h>

#include "format/format.hpp"

using namespace eb;

TEST_CASE("format spellings parse to their canonical form") {
  CHECK(parse_format("fixed(8,3,sat)").str() == "fixed(8,3,sat)");
  CHECK(parse_format("fixed(8)").str() == "fixed(8,0,sat)");
  CHECK(parse_format(" Fixed(8, 3, wrap) ").str() == "fixed(8,3,wrap)");
  CHECK(parse_format("float(4,3,fn,on)").str() == "float(4,3,fn,on)");
  CHECK(parse_format("float(5,10,ieee,ftz)").str() == "float(5,10,ieee,ftz)");
  CHECK(parse_format("e4m3").str() == "float(4,3,fn,on)");
  CHECK(parse_format("e5m2").str() == "float(5,2,ieee,on)");
  CHECK(parse_format("fp16").str() == "float(5,10,ieee,on)");
  CHECK(parse_format("bf16").str() == "float(8,7,ieee,on)");
  CHECK(parse_format("fp32").bits() == 32);
  CHECK(parse_format("fp64").bits() == 64);
}

TEST_CASE("malformed formats are rejected") {
  for (const char* bad : {"", "fixed", "fixed(1)", "fixed(65)", "fixed(8,63)", "float(4,0,ieee)", "fixed(8,3,clamp)",
                          "float(4)", "float(1,3)", "float(16,3)", "float(11,53)", "float(4,3,xx)",
                          "float(4,3,fn,maybe)", "e4m4", "fixed(-3)", "fixed(8,,sat)"})
    CHECK_THROWS_AS(parse_format(bad), FormatError);
}

TEST_CASE("families give one format per p") {
  CHECK(parse_family("fixed").at(5).str() == "fixed(5,0,sat)");
  CHECK(parse_family("fixed:f=3").at(8).str() == "fixed(8,3,sat)");
  CHECK(parse_family("fixed,wrap").at(8).str() == "fixed(8,0,wrap)");
  CHECK(parse_family("float:e=4").at(9).str() == "float(4,4,ieee,on)");
  CHECK(parse_family("float:e=4,fn").at(8).str() == "float(4,3,fn,on)");
  CHECK(parse_family("float:e=8,ftz").at(16).str() == "float(8,7,ieee,ftz)");
  CHECK(parse_family("float:e=8,ftz").str() == "float:e=8,ftz");
  CHECK(parse_family("float:e=8").min_p() == 10);
  CHECK(parse_family("float:e=1,fn").min_p() == 3);
  CHECK_THROWS_AS(parse_family("float:e=8").at(9), FormatError);
  CHECK_THROWS_AS(parse_family("fixed,fn"), FormatError);
  CHECK_THROWS_AS(parse_family("floaty"), FormatError);
  CHECK_THROWS_AS(parse_family("float:e=1"), FormatError);
}
