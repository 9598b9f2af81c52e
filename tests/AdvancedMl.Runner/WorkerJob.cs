using System.Text.Json;

namespace AdvancedMl.Runner;

/// <summary>What the runner asks a worker process to do: run one notebook, write its executed copy and a result file.</summary>
internal sealed record WorkerJob(string Source, string Output, IReadOnlyList<ParameterOverride> Parameters, int Repeat, string ResultPath)
{
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, RunnerJson.Options));

    public static WorkerJob Read(string path) =>
        JsonSerializer.Deserialize<WorkerJob>(File.ReadAllText(path), RunnerJson.Options)
        ?? throw new InvalidDataException($"{path}: empty worker job");
}
