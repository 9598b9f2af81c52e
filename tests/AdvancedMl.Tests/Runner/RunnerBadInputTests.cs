namespace AdvancedMl.Tests.Runner;

/// <summary>
/// Bad input gets one clear line on stderr and exit code 2, never a stack trace, and nothing runs.
/// Placeholders in the arguments: {fixtures} the runner fixtures folder, {out} an empty temporary folder,
/// {file} an existing regular file (a path under it cannot be a folder, even for root).
/// </summary>
public sealed class RunnerBadInputTests : IDisposable
{
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("advancedml-runner-bad-input-");

    public static TheoryData<string, string[], string> Cases => new()
    {
        { "path that does not exist", ["{out}/missing.ipynb", "-o", "{out}"], "missing.ipynb: no such notebook file or folder" },
        { "malformed JSON", ["{fixtures}/malformed.ipynb", "-o", "{out}"], "malformed.ipynb is not valid JSON" },
        { "not nbformat 4", ["{fixtures}/nbformat3.ipynb", "-o", "{out}"], "nbformat3.ipynb is not an nbformat 4 notebook (nbformat: 3)" },
        { "kernel is not C#", ["{fixtures}/python-kernel.ipynb", "-o", "{out}"], "the kernel is 'python3' (language 'python'), not C#" },
        { "a cell's kernel is not C#", ["{fixtures}/fsharp-cell.ipynb", "-o", "{out}"], "fsharp-cell.ipynb, cell 2: the cell's kernel is 'fsharp', not C#" },
        { "unknown -p name", ["{fixtures}/good.ipynb", "-o", "{out}", "-p", "colour=red"], "declares no 'colour' (it declares: count, scale, label, shout, weights)" },
        { "-p int of the wrong type", ["{fixtures}/good.ipynb", "-o", "{out}", "-p", "count=2.5"], "-p count=2.5: '2.5' is not a valid int" },
        { "-p double of the wrong type", ["{fixtures}/good.ipynb", "-o", "{out}", "-p", "scale=1,5"], "-p scale=1,5: '1,5' is not a valid double" },
        { "-p bool of the wrong type", ["{fixtures}/good.ipynb", "-o", "{out}", "-p", "shout=yes"], "-p shout=yes: 'yes' is not a valid bool" },
        { "-p of a non-literal declaration", ["{fixtures}/good.ipynb", "-o", "{out}", "-p", "weights=1"], "-p weights: the parameter is declared as `var weights = new[] { 1.0, 2.0 };" },
        { "-p without a parameters cell", ["{fixtures}/no-parameters.ipynb", "-o", "{out}", "-p", "x=2"], "no-parameters.ipynb has no code cell tagged 'parameters'" },
        { "-p without '='", ["{fixtures}/good.ipynb", "-o", "{out}", "-p", "count"], "-p expects name=value with a C# variable name; got 'count'" },
        { "-p given twice", ["{fixtures}/good.ipynb", "-o", "{out}", "-p", "count=1", "-p", "count=2"], "-p count is given more than once" },
        { "output folder under a regular file", ["{fixtures}/good.ipynb", "-o", "{file}/executed"], "cannot write to the output folder" },
        { "output folder is the source folder", ["{fixtures}/good.ipynb", "-o", "{fixtures}"], "the executed copy would overwrite the source notebook" },
        { "report under a regular file", ["{fixtures}/good.ipynb", "-o", "{out}", "--report", "{file}/report.json"], "cannot write to the report folder" },
        { "same notebook twice", ["{fixtures}/good.ipynb", "{fixtures}/good.ipynb", "-o", "{out}"], "two notebooks would be written to" },
        { "folder without notebooks", ["{out}", "-o", "{out}"], "holds no *.ipynb notebooks" },
        { "unknown option", ["{fixtures}/good.ipynb", "--frobnicate"], "unknown option '--frobnicate' (see --help)" },
        { "option value missing at the end", ["{fixtures}/good.ipynb", "--timeout"], "option --timeout needs a value" },
        { "option value missing before an option", ["{fixtures}/good.ipynb", "-o", "--repeat", "2"], "option -o needs a value" },
        { "timeout not a positive number", ["{fixtures}/good.ipynb", "--timeout", "soon"], "option --timeout needs a positive number of seconds; got 'soon'" },
        { "repeat below one", ["{fixtures}/good.ipynb", "--repeat", "0"], "option --repeat needs a whole number of at least 1; got '0'" },
        { "no path outside the repository", ["-o", "{out}"], "no notebook given and no repository found" },
        { "no output folder outside the repository", ["{fixtures}/good.ipynb"], "no output folder: pass -o <folder>" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInputIsOneLineOnStderr(string problem, string[] args, string expected)
    {
        var plainFile = Path.Combine(scratch.FullName, "plain.txt");
        File.WriteAllText(plainFile, "not a folder");
        var output = Directory.CreateDirectory(Path.Combine(scratch.FullName, "out")).FullName;
        var resolved = args.Select(a => a
            .Replace("{fixtures}", TestPaths.Fixture("Runner"))
            .Replace("{out}", output)
            .Replace("{file}", plainFile));

        var result = RunnerProcess.Run(resolved, scratch.FullName);

        AssertOneLineError(result, expected, problem);
        Assert.Empty(Directory.GetFiles(output));
    }

    [Fact]
    public void UnbuiltLibraryNamesTheBuildCommand()
    {
        var repository = FakeRepository(libraryBuiltAt: null);

        var result = RunnerProcess.Run(["-o", "out"], repository);

        AssertOneLineError(result, "the helper library is not built (artifacts/lib/AdvancedMl.Lib.dll is missing): run `dotnet build AdvancedMl.Lib.csproj -c Release`", "library missing");
    }

    [Fact]
    public void StaleLibraryNamesTheNewerSourceAndTheBuildCommand()
    {
        var repository = FakeRepository(libraryBuiltAt: DateTime.UtcNow.AddHours(-1));

        var result = RunnerProcess.Run(["-o", "out"], Path.Combine(repository, "lib"));

        AssertOneLineError(result, $"out of date ({Path.Combine("lib", "Topic", "Model.cs")} is newer than artifacts/lib/AdvancedMl.Lib.dll): run `dotnet build AdvancedMl.Lib.csproj -c Release`", "library stale");
    }

    [Fact]
    public void NoPathMeansTheRepositoryNotebooksFolderAndArtifactsExecuted()
    {
        var repository = FakeRepository(libraryBuiltAt: DateTime.UtcNow.AddHours(1));
        var notebook = Path.Combine(Directory.CreateDirectory(Path.Combine(repository, "notebooks")).FullName, "good.ipynb");
        File.Copy(TestPaths.Fixture("Runner/good.ipynb"), notebook);

        // The unknown parameter stops the run after the notebooks and the output folder are resolved.
        var result = RunnerProcess.Run(["-p", "colour=red"], Path.Combine(repository, "lib", "Topic"));

        AssertOneLineError(result, $"of {notebook} declares no 'colour'", "default folders");
        Assert.True(Directory.Exists(Path.Combine(repository, "artifacts", "executed")), "the default output folder is <repository>/artifacts/executed");
    }

    [Fact]
    public void HelpDocumentsEveryOption()
    {
        var result = RunnerProcess.Run(["--help"], scratch.FullName);

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--parameter", "--output", "--timeout", "--repeat", "--report", "--help", "--worker", "cell numbers are 1-based", "exit codes" })
        {
            Assert.Contains(option, result.Stdout, StringComparison.OrdinalIgnoreCase);
        }
    }

    public void Dispose() => scratch.Delete(recursive: true);

    /// <summary>A folder that looks like the repository (AdvancedMl.sln, one library source, now) and, unless null, a library built at the given time.</summary>
    private string FakeRepository(DateTime? libraryBuiltAt)
    {
        var root = Directory.CreateDirectory(Path.Combine(scratch.FullName, "repo")).FullName;
        File.WriteAllText(Path.Combine(root, "AdvancedMl.sln"), "");
        Directory.CreateDirectory(Path.Combine(root, "lib", "Topic"));
        File.WriteAllText(Path.Combine(root, "lib", "Topic", "Model.cs"), "namespace AdvancedMl.Topic;");
        if (libraryBuiltAt is { } builtAt)
        {
            var library = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "artifacts", "lib")).FullName, "AdvancedMl.Lib.dll");
            File.WriteAllText(library, "");
            File.SetLastWriteTimeUtc(library, builtAt);
        }
        return root;
    }

    private static void AssertOneLineError(RunnerResult result, string expected, string problem)
    {
        Assert.True(result.ExitCode == 2, $"{problem}: expected exit code 2; {result}");
        var stderr = result.Stderr.TrimEnd();
        Assert.True(!stderr.Contains('\n'), $"{problem}: expected one line on stderr; {result}");
        Assert.StartsWith("error: ", stderr);
        Assert.Contains(expected, stderr);
        Assert.DoesNotMatch(@"(^|\s)at \S+\(", stderr);
        Assert.DoesNotContain("[1/", result.Stdout);
    }
}
