using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace AdvancedMl.Runner;

/// <summary>An in-process .NET Interactive C# kernel wired as VS Code's, for one notebook.</summary>
internal sealed class KernelSession : IDisposable
{
    private readonly CompositeKernel kernel;
    private readonly CSharpKernel csharp;

    private KernelSession(CompositeKernel kernel, CSharpKernel csharp)
    {
        this.kernel = kernel;
        this.csharp = csharp;
    }

    /// <summary>Creates the kernel and compiles a trivial submission, so Roslyn's start-up is not billed to the first cell.</summary>
    public static async Task<KernelSession> StartAsync()
    {
        // Rich values get text/plain beside text/html, as Jupyter front ends expect.
        Formatter.SetPreferredMimeTypesFor(typeof(object), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
        var csharp = new CSharpKernel()
            .UseNugetDirective((k, references) =>
            {
                k.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseValueSharing();
        var kernel = new CompositeKernel { csharp };
        kernel.DefaultKernelName = csharp.Name;
        var session = new KernelSession(kernel, csharp);
        await session.RunAsync("System.Console.Write(\"\");");
        return session;
    }

    /// <summary>Submits a cell's code (its <c>#!csharp</c> lines split it; a failing part stops the rest) and returns the events.</summary>
    public async Task<IReadOnlyList<KernelEvent>> RunAsync(string code) => (await kernel.SendAsync(new SubmitCode(code))).Events;

    /// <summary>Reads a top-level variable the notebook defined.</summary>
    public bool TryGetVariable(string name, out object? value) => csharp.TryGetValue(name, out value);

    public void Dispose() => kernel.Dispose();
}
