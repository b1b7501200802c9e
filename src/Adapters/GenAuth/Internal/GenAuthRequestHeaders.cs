namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>Sets the headers every GenAuth request carries; each handler runs once per attempt, so values are replaced, not appended.</summary>
internal static class GenAuthRequestHeaders
{
    /// <summary>Sets <c>{prefix}sdk-version</c>, <c>{prefix}lang</c> and, when configured, <c>{prefix}app-id</c>; returns them for signing.</summary>
    public static void ApplyCommon(HttpRequestMessage request, GenAuthOptions options)
    {
        var prefix = GenAuthBrandInfo.HeaderPrefix(options.Brand);
        var headers = new List<KeyValuePair<string, string>>(8)
        {
            KeyValuePair.Create(prefix + "sdk-version", GenAuthSdkVersion.Value),
            KeyValuePair.Create(prefix + "lang", options.Lang),
        };
        if (!string.IsNullOrWhiteSpace(options.TenantId))
        {
            headers.Add(KeyValuePair.Create(prefix + "app-id", options.TenantId.Trim()));
        }

        foreach (var (name, value) in headers)
        {
            Set(request, name, value);
        }
    }

    /// <summary>Replaces the header; a value holding a control character (CR/LF would add headers) is never written.</summary>
    public static void Set(HttpRequestMessage request, string name, string value)
    {
        if (value.Any(char.IsControl))
        {
            throw new InvalidOperationException($"The {name} header value holds a control character; it is not sent.");
        }

        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
