namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// Marks that the WeChat API source's services (options, validator, named HttpClients) are registered, so repeated
/// <c>UseWechat</c> calls do not add a second retry handler. Holds the configuration path used in validation messages.
/// </summary>
internal sealed class WechatApiRegistration
{
    /// <summary>The configuration section the options come from, e.g. <c>Wechat</c>.</summary>
    public string SectionPath { get; set; } = Adapters.Wechat.WechatApiDefaults.ConfigurationSectionName;
}
