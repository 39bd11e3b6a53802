/// The support library students build on, as lessons import it. Authoring copies it into the
/// student package and the grader bundle; grading compiles it from the bundle's `engine/`.
public enum EngineModule {
    public static let name = "ResidualEngine"
}
