import XCTest

ResultObserver.install()
XCTMain([
    testCase([
        ("testSwap", SwapPairTests.testSwap),
        ("testTotal", SwapPairTests.testTotal)]),
    testCase([
        ("testSwapTwiceIsIdentity", SwapPairHiddenTests.testSwapTwiceIsIdentity),
        ("testTotalOfNegatives", SwapPairHiddenTests.testTotalOfNegatives)]),
    testCase([
        ("testAsyncTotal", asyncTest(SwapPairHiddenTests.testAsyncTotal))])
])
