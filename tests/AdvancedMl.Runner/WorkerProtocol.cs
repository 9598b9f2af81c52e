using System.Globalization;

namespace AdvancedMl.Runner;

/// <summary>
/// Progress lines a worker writes to its real standard output (cells' console output is captured by the kernel,
/// so it never mixes in). The runner uses them for its watchdog, cell counts and timings.
/// </summary>
internal static class WorkerProtocol
{
    private const string Prefix = "@@advancedml-runner ";

    /// <summary>A parsed progress line: Kind is ready, pass, start or done.</summary>
    public sealed record Message(string Kind, int Number, double Seconds, bool Ok);

    /// <summary>The worker's side: one line per event, flushed at once.</summary>
    public sealed class Reporter(TextWriter writer)
    {
        public void Ready() => Send("ready");

        public void PassStarted(int pass) => Send($"pass {pass}");

        public void CellStarted(int cell) => Send($"start {cell}");

        public void CellDone(int cell, TimeSpan elapsed, bool ok) =>
            Send(string.Create(CultureInfo.InvariantCulture, $"done {cell} {elapsed.TotalSeconds:R} {(ok ? "ok" : "failed")}"));

        private void Send(string line)
        {
            writer.WriteLine(Prefix + line);
            writer.Flush();
        }
    }

    /// <summary>The runner's side: a progress line, or null for any other output.</summary>
    public static Message? Parse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var parts = line[Prefix.Length..].Split(' ');
        return parts switch
        {
            ["ready"] => new Message("ready", 0, 0, true),
            ["pass" or "start", var number] => new Message(parts[0], int.Parse(number, CultureInfo.InvariantCulture), 0, true),
            ["done", var cell, var seconds, var status] => new Message(
                "done",
                int.Parse(cell, CultureInfo.InvariantCulture),
                double.Parse(seconds, CultureInfo.InvariantCulture),
                status == "ok"),
            _ => null,
        };
    }
}
