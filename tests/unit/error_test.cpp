#include "util/result.h"

#include <gtest/gtest.h>

using namespace gs;

TEST(ErrorCode, ConnectionCodes_MatchFindingsContract)
{
    EXPECT_EQ(errorCodeName(ErrorCode::Unreachable), QStringLiteral("unreachable"));
    EXPECT_EQ(errorCodeName(ErrorCode::HostKeyChanged), QStringLiteral("host_key_changed"));
    EXPECT_EQ(errorCodeName(ErrorCode::AuthFailed), QStringLiteral("auth_failed"));
    EXPECT_EQ(errorCodeName(ErrorCode::PermissionDenied), QStringLiteral("permission_denied"));
}

TEST(Result, HoldsValueOrError)
{
    Result<int> good(5);
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, 5);
    Result<int> bad(makeError(ErrorCode::Timeout, QStringLiteral("slow")));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::Timeout);
    EXPECT_EQ(bad.valueOr(7), 7);
}
