namespace AdvancedMl.Tests.Runner;

/// <summary>Where the tests find the repository, the built runner and the fixture notebooks.</summary>
internal static class TestPaths
{
    /// <summary>The nearest folder above the test's output folder that holds AdvancedMl.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The runner builds to this fixed path (its csproj sets OutputPath); the test project's reference builds it first.</summary>
    public static string RunnerDll
    {
        get
        {
            var path = Path.Combine(RepositoryRoot, "artifacts", "runner", "AdvancedMl.Runner.dll");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"{path} is missing: run `dotnet build tests/AdvancedMl.Runner -c Release`.");
        }
    }

    public static string NotebooksFolder => Path.Combine(RepositoryRoot, "notebooks");

    /// <summary>A fixture file, copied next to the test assembly from tests/AdvancedMl.Tests/Fixtures/.</summary>
    public static string Fixture(string relativePath) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath);

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AdvancedMl.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no AdvancedMl.sln above {AppContext.BaseDirectory}");
    }
}
