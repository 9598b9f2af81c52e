namespace AdvancedMl.Runner;

/// <summary>Finds the repository (the nearest ancestor folder holding AdvancedMl.sln) and checks its library build.</summary>
internal static class RepositoryRoot
{
    public const string BuildCommand = "dotnet build AdvancedMl.Lib.csproj -c Release";

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds AdvancedMl.sln, or null.</summary>
    public static string? Find(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AdvancedMl.sln")))
            {
                return folder.FullName;
            }
        }
        return null;
    }

    /// <summary>Fails unless artifacts/lib/AdvancedMl.Lib.dll exists and is newer than every library source.</summary>
    public static void RequireLibraryBuilt(string root)
    {
        var library = Path.Combine(root, "artifacts", "lib", "AdvancedMl.Lib.dll");
        if (!File.Exists(library))
        {
            throw new InputException($"the helper library is not built (artifacts/lib/AdvancedMl.Lib.dll is missing): run `{BuildCommand}` in {root}");
        }
        var built = File.GetLastWriteTimeUtc(library);
        var newer = LibrarySources(root).FirstOrDefault(source => File.GetLastWriteTimeUtc(source) > built);
        if (newer is not null)
        {
            throw new InputException($"the helper library is out of date ({Path.GetRelativePath(root, newer)} is newer than artifacts/lib/AdvancedMl.Lib.dll): run `{BuildCommand}` in {root}");
        }
    }

    private static IEnumerable<string> LibrarySources(string root)
    {
        var project = Path.Combine(root, "AdvancedMl.Lib.csproj");
        if (File.Exists(project))
        {
            yield return project;
        }
        var lib = Path.Combine(root, "lib");
        if (!Directory.Exists(lib))
        {
            yield break;
        }
        foreach (var source in Directory.EnumerateFiles(lib, "*.cs", SearchOption.AllDirectories))
        {
            yield return source;
        }
    }
}
