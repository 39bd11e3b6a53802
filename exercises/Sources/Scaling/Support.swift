// The lesson's support code is the module ScalingSupport (its Support.swift). This
// line makes it visible to every file of this module and to the tests; the build imports it
// @testable, so its internal declarations too.
@_exported import ScalingSupport
