using Microsoft.DotNet.Interactive.PackageManagement;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

var kernel = new CompositeKernel { new CSharpKernel().UseNugetDirective((k, refs) => { k.AddAssemblyReferences(refs.SelectMany(r => r.AssemblyPaths)); return Task.CompletedTask; }).UseKernelHelpers().UseValueSharing() };
kernel.DefaultKernelName = "csharp";
Directory.SetCurrentDirectory(args[0]);
foreach (var code in args.Skip(1))
{
    Console.WriteLine($"=== {code}");
    var result = await kernel.SendAsync(new SubmitCode(code));
    foreach (var e in result.Events)
    {
        switch (e)
        {
            case DisplayEvent d: Console.WriteLine($"{e.GetType().Name}: {string.Join(" | ", d.FormattedValues.Select(f => f.MimeType + "=" + f.Value[..Math.Min(200, f.Value.Length)]))}"); break;
            case CommandFailed f: Console.WriteLine($"FAILED: {f.Message}"); break;
            case DiagnosticsProduced dp: Console.WriteLine($"DIAG: {string.Join(";", dp.Diagnostics.Select(x => x.Message))}"); break;
            default: Console.WriteLine(e.GetType().Name); break;
        }
    }
}
