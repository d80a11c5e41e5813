// Goal: Result<T> carries a value or an Error, and error text names file, line and field.
#include "fermata/base/result.h"

#include <gtest/gtest.h>

namespace fermata {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return MakeError(ErrorCode::kFieldInvalid, "odd", {"f.csv", 3, "n", "7"});
  return x / 2;
}

Result<int> Quarter(int x) {
  FERMATA_ASSIGN_OR_RETURN(int half, Half(x));
  return Half(half);
}

TEST(ResultTest, ValueAndErrorPaths) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> bad = Quarter(6);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kFieldInvalid);
  EXPECT_EQ(bad.error().ToString(), "f.csv:3: field 'n' = '7': odd [field_invalid]");
}

TEST(ResultTest, ExitCodesComeFromOneTable) {
  EXPECT_EQ(ExitCodeFor(ErrorCode::kTransactionUnbalanced), 66);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kExistsWithDifferentContent), 67);
  EXPECT_EQ(ErrorCodeName(ErrorCode::kExistsWithDifferentContent), "exists_with_different_content");
}

}  // namespace
}  // namespace fermata
