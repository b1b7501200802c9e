namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>
/// Marks that the WeChat API source's services (options, validator, named HttpClients) are registered, so repeated
/// <c>UseWechat</c> calls do not add a second retry handler. Holds the configuration path used in validation messages.
/// </summary>
internal sealed class WechatApiRegistration
{
    private string? _boundSection;

    /// <summary>The configuration section the options come from, e.g. <c>Wechat</c>.</summary>
    public string SectionPath => _boundSection ?? WechatApiDefaults.ConfigurationSectionName;

    /// <summary>Records the section the options are bound from; a second, different section is a contradiction.</summary>
    public void Bind(string? sectionPath)
    {
        if (sectionPath is null)
        {
            return;
        }

        if (_boundSection is not null && !string.Equals(_boundSection, sectionPath, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"UseWechat was called with the configuration section '{_boundSection}' and then with '{sectionPath}': one WeChat source per "
                + "container, bound from one section (add code changes with UseWechat(o => ...)). To serve some apps through GenAuth, call "
                + "UseGenAuth(...) and set Wechat:Apps:{name}:Source = GenAuth for them.");
        }

        _boundSection = sectionPath;
    }
}
