import XCTest

TestServer.main([
    testCase([
        ("testSwapTwiceIsIdentity", SwapPairHiddenTests.testSwapTwiceIsIdentity),
        ("testTotalOfNegatives", SwapPairHiddenTests.testTotalOfNegatives)]),
    testCase([
        ("testAsyncTotal", asyncTest(SwapPairHiddenTests.testAsyncTotal))])
])
