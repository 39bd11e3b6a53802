import XCTest

ResultObserver.install()
XCTMain([
    testCase([
        ("testSwapTwiceIsIdentity", SwapPairHiddenTests.testSwapTwiceIsIdentity),
        ("testTotalOfNegatives", SwapPairHiddenTests.testTotalOfNegatives)]),
    testCase([
        ("testAsyncTotal", asyncTest(SwapPairHiddenTests.testAsyncTotal))])
])
