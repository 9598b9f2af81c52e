using System.Globalization;

namespace AdvancedMl.Runner;

/// <summary>What the command line asks for.</summary>
internal abstract record Invocation;

/// <summary>Print the help text.</summary>
internal sealed record HelpRequest : Invocation;

/// <summary>Internal: run one notebook job in this process (the runner starts itself this way).</summary>
internal sealed record WorkerRequest(string JobPath) : Invocation;

/// <summary>Run notebooks.</summary>
internal sealed record RunRequest(RunnerOptions Options) : Invocation;

/// <summary>The options of a run; paths are as given (files or folders), empty meaning the repository's notebooks/.</summary>
internal sealed record RunnerOptions(
    IReadOnlyList<string> Paths,
    IReadOnlyList<ParameterOverride> Parameters,
    string? Output,
    double TimeoutSeconds,
    int Repeat,
    string? Report)
{
    public const double DefaultTimeoutSeconds = 120;
}

/// <summary>Parses the runner's arguments; every mistake is an <see cref="InputException"/> with a one-line message.</summary>
internal static class CommandLine
{
    public static Invocation Parse(IReadOnlyList<string> args)
    {
        var paths = new List<string>();
        var parameters = new List<ParameterOverride>();
        string? output = null, report = null;
        var timeout = RunnerOptions.DefaultTimeoutSeconds;
        var repeat = 1;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help":
                    return new HelpRequest();
                case "--worker":
                    return new WorkerRequest(ValueOf(args, ref i));
                case "-p" or "--parameter":
                    var parameter = ParameterOverride.Parse(ValueOf(args, ref i));
                    if (parameters.Any(p => p.Name == parameter.Name))
                    {
                        throw new InputException($"-p {parameter.Name} is given more than once");
                    }
                    parameters.Add(parameter);
                    break;
                case "-o" or "--output":
                    output = ValueOf(args, ref i);
                    break;
                case "--timeout":
                    timeout = PositiveSeconds(arg, ValueOf(args, ref i));
                    break;
                case "--repeat":
                    repeat = PositiveCount(arg, ValueOf(args, ref i));
                    break;
                case "--report":
                    report = ValueOf(args, ref i);
                    break;
                default:
                    if (IsOption(arg))
                    {
                        throw new InputException($"unknown option '{arg}' (see --help)");
                    }
                    paths.Add(arg);
                    break;
            }
        }
        return new RunRequest(new RunnerOptions(paths, parameters, output, timeout, repeat, report));
    }

    private static bool IsOption(string arg) => arg.Length > 1 && arg[0] == '-';

    private static string ValueOf(IReadOnlyList<string> args, ref int i)
    {
        var option = args[i];
        if (i + 1 >= args.Count || IsOption(args[i + 1]))
        {
            throw new InputException($"option {option} needs a value (see --help)");
        }
        return args[++i];
    }

    private static double PositiveSeconds(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds > 0
            ? seconds
            : throw new InputException($"option {option} needs a positive number of seconds; got '{value}'");

    private static int PositiveCount(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? count
            : throw new InputException($"option {option} needs a whole number of at least 1; got '{value}'");
}
