namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// Marks a service collection in which the GenAuth adapter's services are registered, and remembers the configuration
/// section it was bound from: binding a second, different section is a contradiction that fails at registration.
/// </summary>
internal sealed class GenAuthRegistrationMarker
{
    public string? SectionPath { get; private set; }

    public void Bind(string? sectionPath)
    {
        if (sectionPath is null)
        {
            return;
        }

        if (SectionPath is not null && !string.Equals(SectionPath, sectionPath, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"UseGenAuth was called with the configuration section '{SectionPath}' and then with '{sectionPath}': one GenAuth source per "
                + "container, bound from one section (add code changes with UseGenAuth(o => ...)). To serve some apps straight from WeChat, "
                + "call UseWechat(...) and set Wechat:Apps:{name}:Source = Wechat for them.");
        }

        SectionPath = sectionPath;
    }
}
