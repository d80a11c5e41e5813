// Goal: Result<T> carries a value or an Error, and error text names file, line and field.
#include "fermata/base/result.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

Result<int> halve(int x) {
  if (x % 2 != 0) return make_error(ErrorCode::kFieldInvalid, "odd", {"f.csv", 3, "n", "7"});
  return x / 2;
}

Result<int> quarter(int x) {
  FERMATA_ASSIGN_OR_RETURN(int half, halve(x));
  return halve(half);
}

TEST(ResultTest, ValueAndErrorPaths) {
  EXPECT_EQ(*quarter(8), 2);
  Result<int> bad = quarter(6);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kFieldInvalid);
  EXPECT_EQ(bad.error().to_string(), "f.csv:3: field 'n' = '7': odd [field_invalid]");
}

TEST(ResultTest, ExitCodesComeFromOneTable) {
  EXPECT_EQ(exit_code_for(ErrorCode::kTransactionUnbalanced), 66);
  EXPECT_EQ(exit_code_for(ErrorCode::kExistsWithDifferentContent), 67);
  EXPECT_EQ(error_code_name(ErrorCode::kExistsWithDifferentContent),
            "exists_with_different_content");
}

}  // namespace
}  // namespace fermata
