#include <QCoreApplication>

#include <gtest/gtest.h>

// Integration tests need a Qt event loop owner for the SSH worker threads' signals.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
