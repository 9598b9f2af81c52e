namespace AdvancedMl.Tests.Data;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder holding AdvancedMl.sln, found by walking up from the test assembly's folder.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdvancedMl.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No AdvancedMl.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Full path of a file under the repository's data/ folder.</summary>
    public static string DataFile(string name) => Path.Combine(Root(), "data", name);
}
