using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// A small, forgiving JSON reader for <c>appsettings*.json</c> (System.Text.Json cannot be loaded in every IDE that
/// hosts analyzers). Accepts what the .NET JSON configuration provider accepts: <c>//</c> and <c>/* */</c> comments and
/// trailing commas. On malformed input it stops and keeps what it found so far; it never throws.
/// </summary>
internal sealed class JsonSecretReader
{
    private const int MaxDepth = 64;

    private readonly string _text;
    private readonly AnalyzerSettings _settings;
    private readonly List<string> _path = new();
    private readonly List<JsonSecretFinding> _findings = new();
    private int _position;

    private JsonSecretReader(string text, AnalyzerSettings settings)
    {
        _text = text;
        _settings = settings;
    }

    /// <summary>Finds string values that look like secrets under a property whose name says secret.</summary>
    public static IReadOnlyList<JsonSecretFinding> FindSecrets(string text, AnalyzerSettings settings)
    {
        var reader = new JsonSecretReader(text, settings);
        reader.SkipTrivia();
        if (reader._position < text.Length)
        {
            reader.ReadValue(propertyName: null, depth: 0);
        }

        return reader._findings;
    }

    private bool ReadValue(string? propertyName, int depth)
    {
        if (depth > MaxDepth || !SkipTrivia())
        {
            return false;
        }

        switch (_text[_position])
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
                var start = _position;
                if (!ReadString(out var value))
                {
                    return false;
                }

                if (propertyName is not null
                    && SecretNames.IsSecretName(propertyName, _settings)
                    && SecretValues.IsSecret(value, _settings)
                    && !SecretNames.IsSecretName(value, _settings))
                {
                    _findings.Add(new JsonSecretFinding(string.Join(":", _path), TextSpan.FromBounds(start, _position)));
                }

                return true;
            default:
                // Numbers, true, false, null: not secrets.
                var begin = _position;
                while (_position < _text.Length && _text[_position] is not (',' or '}' or ']' or ' ' or '\t' or '\r' or '\n' or '/'))
                {
                    _position++;
                }

                return _position > begin;
        }
    }

    private bool ReadObject(int depth)
    {
        _position++; // {
        while (SkipTrivia())
        {
            switch (_text[_position])
            {
                case '}':
                    _position++;
                    return true;
                case ',':
                    _position++;
                    continue;
                case '"':
                    if (!ReadString(out var name) || !SkipTrivia() || _text[_position] != ':')
                    {
                        return false;
                    }

                    _position++;
                    _path.Add(name);
                    var ok = ReadValue(name, depth + 1);
                    _path.RemoveAt(_path.Count - 1);
                    if (!ok)
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private bool ReadArray(int depth)
    {
        _position++; // [
        var index = 0;
        while (SkipTrivia())
        {
            switch (_text[_position])
            {
                case ']':
                    _position++;
                    return true;
                case ',':
                    _position++;
                    continue;
                default:
                    _path.Add(index.ToString(CultureInfo.InvariantCulture));
                    var ok = ReadValue(propertyName: null, depth + 1);
                    _path.RemoveAt(_path.Count - 1);
                    if (!ok)
                    {
                        return false;
                    }

                    index++;
                    break;
            }
        }

        return false;
    }

    private bool ReadString(out string value)
    {
        value = string.Empty;
        _position++; // opening quote
        StringBuilder? builder = null;
        var runStart = _position;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '"')
            {
                var run = _text.Substring(runStart, _position - runStart);
                value = builder is null ? run : builder.Append(run).ToString();
                _position++;
                return true;
            }

            if (c == '\\')
            {
                builder ??= new StringBuilder();
                builder.Append(_text, runStart, _position - runStart);
                if (_position + 1 >= _text.Length)
                {
                    return false;
                }

                var escaped = _text[_position + 1];
                _position += 2;
                switch (escaped)
                {
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'u':
                        if (_position + 4 > _text.Length
                            || !int.TryParse(_text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        {
                            return false;
                        }

                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default: builder.Append(escaped); break;
                }

                runStart = _position;
                continue;
            }

            if (c is '\r' or '\n')
            {
                return false;
            }

            _position++;
        }

        return false;
    }

    /// <summary>Skips whitespace and comments; returns whether a character is left.</summary>
    private bool SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF')
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '/')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '*')
            {
                var end = _text.IndexOf("*/", _position + 2, System.StringComparison.Ordinal);
                _position = end < 0 ? _text.Length : end + 2;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
