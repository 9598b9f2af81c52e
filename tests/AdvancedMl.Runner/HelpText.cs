namespace AdvancedMl.Runner;

/// <summary>The --help text: every option, the defaults, the exit codes, the report's fields.</summary>
internal static class HelpText
{
    public const string Text = """
        AdvancedMl.Runner: runs C# Jupyter notebooks headlessly with the .NET Interactive kernel.

        Usage:
          dotnet run --project tests/AdvancedMl.Runner -c Release -- [options] [notebook.ipynb | folder]...
          dotnet artifacts/runner/AdvancedMl.Runner.dll [options] [notebook.ipynb | folder]...

        Arguments:
          notebook.ipynb | folder   Notebooks to run, in the order given; a folder means every *.ipynb in it,
                                    sorted by name. None: the repository's notebooks/ folder (the repository
                                    is the nearest folder at or above the current one holding AdvancedMl.sln).

        Options:
          -p, --parameter name=value  Override a parameter (repeatable), papermill style: a cell tagged
                                    injected-parameters, holding `name = value;`, is inserted right after the
                                    cell tagged parameters, which must declare the name (var/int/long/double/
                                    bool/string). The value is converted to the declared type with the
                                    invariant culture (1e-3, true, text). Applies to every notebook run.
          -o, --output <folder>     Where executed copies go (same file name as the source; never the source
                                    itself). Default: <repository>/artifacts/executed/.
          --timeout <seconds>       Per-cell time limit; a cell that exceeds it is stopped and the notebook
                                    reported as timeout. Default: 120. (Kernel start-up and the work between
                                    cells have a separate 60 s limit.)
          --repeat <N>              Run all code cells N times in the same kernel (Run All, then Run All
                                    again ...), reading the key results after each pass. Default: 1.
                                    The executed copy shows the last pass (execution counts go on).
          --report <file.json>      Also write a machine-readable report (below).
          -h, --help                Show this text.
          --worker <job.json>       Internal: how the runner starts itself to run one notebook.

        How it runs: each notebook runs in its own worker process (a crash, Environment.Exit or a stack
        overflow fails that notebook only) with a fresh kernel started in the notebook's folder; code cells
        run in order, markdown is skipped, the first error stops the notebook. Outputs (stream, display_data,
        execute_result, error) and execution counts are written to the executed copy after every cell, so a
        crashed or stopped notebook's copy keeps what ran before; the copy keeps all source metadata. Key
        results are the variables named in the notebook metadata advancedml.keyResults (double, int, long,
        bool, string, double[], int[], double[][]); a missing one or another type fails the notebook.
        When the repository is found, artifacts/lib/AdvancedMl.Lib.dll must be built and newer than lib/**/*.cs
        and AdvancedMl.Lib.csproj: otherwise run `dotnet build AdvancedMl.Lib.csproj -c Release`.

        Output: a line per notebook while running, then a table (notebook, cells run/total, seconds, status:
        ok, failed, timeout, crashed) and, for each failure, the notebook, the cell number, the cell's first
        line (skipping blank and #! lines) and the message. Cell numbers are 1-based positions in the
        executed notebook as an editor shows them, markdown cells included; they match the source notebook
        unless -p inserted the injected-parameters cell (cells after it then shift by one).

        Exit codes: 0 every notebook ran clean; 1 a notebook failed, timed out or crashed; 2 bad input
        (arguments, paths, notebooks, parameters, output folder), reported as one line on stderr;
        3 an unexpected error in the runner itself (also one line).

        The runner builds to the fixed path artifacts/runner/ (any configuration); building it also builds
        the library. The notebook tests start artifacts/runner/AdvancedMl.Runner.dll.

        Report (--report), JSON:
          { "notebooks": [ {
              "source": "/abs/notebooks/01-x.ipynb", "output": "/abs/artifacts/executed/01-x.ipynb",
              "status": "ok|failed|timeout|crashed", "cellsRun": 23, "cellsTotal": 23, "seconds": 12.3,
              "cells": [ { "cell": 2, "seconds": [1.21, 0.05] } ],        (per code cell, one entry per pass)
              "error": null | { "cell": 7 | null, "firstLine": "...", "message": "..." },
              "passes": [ { "results": { "name": <JSON value> } } ] } ] }    (one per pass whose cells and key results all succeeded)
          cellsRun counts the cells of the last pass that completed without error.
        """;
}
