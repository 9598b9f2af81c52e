using System.Diagnostics;

namespace AdvancedMl.Tests.Runner;

/// <summary>What a runner invocation produced.</summary>
public sealed record RunnerResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Starts the built runner (dotnet artifacts/runner/AdvancedMl.Runner.dll) as a separate process, as a user would.</summary>
internal static class RunnerProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    public static RunnerResult Run(IEnumerable<string> args, string workingDirectory)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestPaths.RunnerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the runner did not finish within {Limit}: {string.Join(' ', args)}");
        }
        return new RunnerResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
