using AdvancedMl.Runner;

try
{
    return CommandLine.Parse(args) switch
    {
        HelpRequest => PrintHelp(),
        WorkerRequest worker => await NotebookWorker.RunAsync(worker.JobPath),
        RunRequest run => NotebookRunner.Run(run.Options),
        _ => throw new InvalidOperationException("unknown invocation"),
    };
}
catch (InputException e)
{
    Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
    return 2;
}
catch (Exception e)
{
    // Never a stack trace: the one line still names the exception type for a bug report.
    Console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
    return 3;
}

static int PrintHelp()
{
    Console.WriteLine(HelpText.Text);
    return 0;
}
