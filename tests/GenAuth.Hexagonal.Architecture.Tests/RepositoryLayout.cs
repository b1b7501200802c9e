using System.Reflection;
using System.Xml.Linq;

namespace GenAuth.Hexagonal.Architecture.Tests;

/// <summary>Finds the repository and reads project files, so rules can be checked against the csproj as well as the built assemblies.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static Assembly Core => typeof(IWechatTokenProvider).Assembly;

    public static Assembly Load(string name) => Assembly.Load(name);

    /// <summary>The project references of a project, as project file names without extension.</summary>
    public static IReadOnlyList<string> ProjectReferences(string relativeProjectPath)
    {
        var document = XDocument.Load(Path.Combine(Root, relativeProjectPath));
        return document.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
    }

    /// <summary>The package references of a project.</summary>
    public static IReadOnlyList<string> PackageReferences(string relativeProjectPath)
    {
        var document = XDocument.Load(Path.Combine(Root, relativeProjectPath));
        return document.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).ToList();
    }

    /// <summary>The framework references of a project.</summary>
    public static IReadOnlyList<string> FrameworkReferences(string relativeProjectPath)
    {
        var document = XDocument.Load(Path.Combine(Root, relativeProjectPath));
        return document.Descendants("FrameworkReference").Select(e => e.Attribute("Include")!.Value).ToList();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GenAuth.Hexagonal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("GenAuth.Hexagonal.sln not found above " + AppContext.BaseDirectory);
    }
}
