using Microsoft.CodeAnalysis.Text;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>A secret-looking string value found in a JSON file: its configuration path and the span of the string token.</summary>
internal readonly struct JsonSecretFinding
{
    public JsonSecretFinding(string path, TextSpan span)
    {
        Path = path;
        Span = span;
    }

    /// <summary>The configuration path, e.g. <c>Wechat:Apps:mini:AppSecret</c>.</summary>
    public string Path { get; }

    /// <summary>The span of the value, quotes included.</summary>
    public TextSpan Span { get; }
}
