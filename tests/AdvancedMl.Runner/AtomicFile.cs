namespace AdvancedMl.Runner;

/// <summary>Writes a file so readers see either the old or the new content, never a half-written one.</summary>
internal static class AtomicFile
{
    /// <summary>Writes to a temporary file in the same folder, then moves it over the target.</summary>
    public static void WriteAllText(string path, string contents)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, contents);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
