namespace AdvancedMl.Runner;

/// <summary>Turns the path arguments into notebook files: a folder means its *.ipynb files, sorted by name.</summary>
internal static class NotebookSelection
{
    /// <summary>The full paths of the notebooks to run; no paths means the repository's notebooks/ folder.</summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> paths, string? repositoryRoot)
    {
        if (paths.Count == 0)
        {
            var folder = repositoryRoot is null
                ? throw new InputException($"no notebook given and no repository found (no AdvancedMl.sln in {Directory.GetCurrentDirectory()} or above): pass notebook files or folders")
                : Path.Combine(repositoryRoot, "notebooks");
            return Resolve([folder], repositoryRoot);
        }
        return paths.SelectMany(Expand).ToArray();
    }

    private static IEnumerable<string> Expand(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath))
        {
            return [fullPath];
        }
        if (!Directory.Exists(fullPath))
        {
            throw new InputException($"{path}: no such notebook file or folder");
        }
        var notebooks = Directory.GetFiles(fullPath, "*.ipynb").Order(StringComparer.Ordinal).ToArray();
        return notebooks.Length > 0 ? notebooks : throw new InputException($"{fullPath} holds no *.ipynb notebooks");
    }
}
