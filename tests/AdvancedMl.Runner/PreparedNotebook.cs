using System.Text.Json.Nodes;

namespace AdvancedMl.Runner;

/// <summary>The copy of a notebook that is executed and written out: outputs cleared, parameters injected.</summary>
/// <remarks>Cell numbers are positions in this copy; they equal the source's unless a parameters cell was injected.</remarks>
internal sealed class PreparedNotebook
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    private PreparedNotebook(JsonObject document, IReadOnlyList<NotebookCell> codeCells)
    {
        Document = document;
        CodeCells = codeCells;
    }

    /// <summary>The executed copy's JSON; the worker fills in outputs and execution counts.</summary>
    public JsonObject Document { get; }

    public IReadOnlyList<NotebookCell> CodeCells { get; }

    /// <summary>
    /// Clones the source, clears every code cell's outputs and, given overrides, inserts a cell tagged
    /// injected-parameters right after the cell tagged parameters (papermill semantics).
    /// </summary>
    public static PreparedNotebook Prepare(NotebookFile notebook, IReadOnlyList<ParameterOverride> overrides)
    {
        var document = notebook.Root.DeepClone().AsObject();
        var cells = document["cells"]!.AsArray();
        if (overrides.Count > 0)
        {
            var parameters = notebook.Cells.FirstOrDefault(c => c.IsCode && c.HasTag(ParametersTag))
                ?? throw new InputException($"-p {overrides[0].Name}: {notebook.Path} has no code cell tagged '{ParametersTag}'");
            cells.Insert(parameters.Number, InjectedCell(notebook, parameters, overrides));
        }
        var codeCells = new List<NotebookCell>();
        foreach (var (cell, index) in cells.Select((node, index) => (node!.AsObject(), index)))
        {
            if (cell["cell_type"]!.GetValue<string>() == "code")
            {
                cell["outputs"] = new JsonArray();
                cell["execution_count"] = null;
                codeCells.Add(new NotebookCell(index + 1, "code", NotebookCell.SourceOf(cell), cell));
            }
        }
        return new PreparedNotebook(document, codeCells);
    }

    private static JsonObject InjectedCell(NotebookFile notebook, NotebookCell parameters, IReadOnlyList<ParameterOverride> overrides)
    {
        var declarations = ParameterDeclarations.Parse(parameters.Source);
        var lines = new List<string> { "// Parameters injected by the runner (-p); they override the cell above." };
        foreach (var parameter in overrides)
        {
            if (!declarations.TryGetValue(parameter.Name, out var declaration))
            {
                var known = declarations.Count == 0 ? "none" : string.Join(", ", declarations.Keys);
                throw new InputException($"-p {parameter.Name}: the parameters cell (cell {parameters.Number}) of {notebook.Path} declares no '{parameter.Name}' (it declares: {known})");
            }
            lines.Add($"{parameter.Name} = {declaration.ToLiteral(parameter.Value)};");
        }
        return new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["id"] = InjectedTag,
            ["metadata"] = new JsonObject
            {
                ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
                ["tags"] = new JsonArray(InjectedTag),
            },
            ["outputs"] = new JsonArray(),
            ["source"] = NotebookCell.SourceLines(string.Join("\n", lines)),
        };
    }
}
