#include <doctest/doctest.h>

#include <string>

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

// The grammar's accepted set is exactly the ranges docs/formats.md states (the grid tests
// enumerate the grammar itself, so this pins what they cover): every spelling over a range
// wider than the accepted one.
TEST_CASE("the grammar accepts exactly the documented parameter ranges") {
  auto accepts = [](const std::string& s) {
    try {
      parse_format(s);
      return true;
    } catch (const FormatError& e) {
      const std::string msg = e.what();
      CHECK_MESSAGE(msg.find('\n') == std::string::npos, s);
      CHECK_MESSAGE(msg.find(s.substr(0, 5)) != std::string::npos, s);  // names the format
      return false;
    }
  };
  for (int p = 0; p <= 70; ++p)
    for (int f : {0, 1, 2, 30, 61, 62, 63, 64, 100, 9999})
      for (const char* o : {"sat", "wrap"}) {
        const std::string s = "fixed(" + std::to_string(p) + "," + std::to_string(f) + "," + o + ")";
        CHECK_MESSAGE(accepts(s) == (p >= 2 && p <= 64 && f <= 62), s);
      }
  for (int e = 0; e <= 17; ++e)
    for (int m = 0; m <= 66; ++m)
      for (const char* sp : {"ieee", "fn"})
        for (const char* u : {"on", "ftz"}) {
          const std::string s = "float(" + std::to_string(e) + "," + std::to_string(m) + "," + sp + "," + u + ")";
          const bool ieee = std::string(sp) == "ieee";
          const bool ok = e >= 1 && e <= 15 && 1 + e + m <= 64 && (ieee ? e >= 2 && m >= 1 : e + m >= 2);
          CHECK_MESSAGE(accepts(s) == ok, s);
        }
  // The short spellings denote members of the full ones.
  CHECK(parse_format("fixed(2,62)") == parse_format("fixed(2,62,sat)"));
  CHECK_THROWS_AS(parse_format("float(1,1)"), FormatError);
  CHECK(parse_format("float(1,1,fn)") == parse_format("float(1,1,fn,on)"));
}
