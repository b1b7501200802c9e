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
/// <remarks>
/// Keys: <c>AppSecret</c>, <c>AccessKeySecret</c>, <c>CorpSecret</c> and Senparc's <c>WeixinAppSecret</c>,
/// <c>WxOpenAppSecret</c>, <c>WeixinCorpSecret</c> anywhere; WeChat's bare <c>Secret</c> (and <c>Component_Secret</c>,
/// <c>AgentSecret</c>, ...) under a section that says WeChat or WeCom (<c>Wechat</c>, <c>Weixin</c>, <c>WxOpen</c>,
/// <c>WeCom</c>, <c>Work</c>, <c>SenparcWeixinSetting</c>) or beside a WeChat app id or WeCom corp id.
/// </remarks>
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
            reader.ReadValue(propertyName: null, depth: 0, owner: null);
        }

        reader._findings.Sort(static (a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return reader._findings;
    }

    private bool ReadValue(string? propertyName, int depth, ObjectState? owner)
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

                if (owner is not null && SecretValues.IsWechatId(value))
                {
                    owner.HasWechatId = true;
                }

                if (propertyName is not null
                    && SecretValues.IsSecret(value, _settings)
                    && !SecretNames.IsNameValue(value, _settings)
                    && !SecretNames.SameName(value, propertyName))
                {
                    var finding = new JsonSecretFinding(string.Join(":", _path), TextSpan.FromBounds(start, _position));
                    switch (ClassifyKey(propertyName))
                    {
                        case SecretNameKind.Secret:
                            _findings.Add(finding);
                            break;
                        case SecretNameKind.Contextual when owner is not null:
                            (owner.Pending ??= new List<JsonSecretFinding>()).Add(finding);
                            break;
                    }
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
        var state = new ObjectState();
        while (SkipTrivia())
        {
            switch (_text[_position])
            {
                case '}':
                    _position++;
                    if (state.Pending is not null && state.HasWechatId)
                    {
                        // WeChat's bare "secret" beside a WeChat app id or WeCom corp id.
                        _findings.AddRange(state.Pending);
                    }

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
                    var ok = ReadValue(name, depth + 1, state);
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
                    var ok = ReadValue(propertyName: null, depth + 1, owner: null);
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

    /// <summary>
    /// How strongly a key says secret here: <c>CorpSecret</c> always; WeChat's bare <c>secret</c> when a section on the
    /// path says WeChat or WeCom (or is Senparc's <c>Work</c>); otherwise it waits for a WeChat id in the same object.
    /// </summary>
    private SecretNameKind ClassifyKey(string name)
    {
        var kind = SecretNames.Classify(name, _settings);
        if (kind != SecretNameKind.Contextual)
        {
            return kind;
        }

        if (SecretNames.Normalize(name).EndsWith("CORPSECRET", System.StringComparison.Ordinal))
        {
            return SecretNameKind.Secret;
        }

        for (var i = 0; i < _path.Count - 1; i++)
        {
            if (NameWords.SayWechat(_path[i]) || string.Equals(_path[i], "Work", System.StringComparison.OrdinalIgnoreCase))
            {
                return SecretNameKind.Secret;
            }
        }

        return SecretNameKind.Contextual;
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

    /// <summary>What the reader keeps about the object it is in.</summary>
    private sealed class ObjectState
    {
        public bool HasWechatId { get; set; }

        public List<JsonSecretFinding>? Pending { get; set; }
    }
}
