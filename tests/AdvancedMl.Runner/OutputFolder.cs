namespace AdvancedMl.Runner;

/// <summary>Makes sure a folder the runner writes to exists and accepts files, before any notebook runs.</summary>
internal static class OutputFolder
{
    /// <summary>Creates the folder if needed and proves it is writable; returns its full path.</summary>
    public static string Prepare(string folder, string role)
    {
        var fullPath = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(fullPath);
            var probe = Path.Combine(fullPath, $".write-probe-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return fullPath;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write to the {role} folder {fullPath}: {e.Message}");
        }
    }
}
