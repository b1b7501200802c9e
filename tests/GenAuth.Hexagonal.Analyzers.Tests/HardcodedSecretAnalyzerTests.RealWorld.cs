using Microsoft.CodeAnalysis.Testing;
using static GenAuth.Hexagonal.Analyzers.Tests.Infrastructure.AnalyzerTestFactory;

namespace GenAuth.Hexagonal.Analyzers.Tests;

/// <summary>
/// GAH001 on code shaped the way public C# repositories hard-code WeChat, WeCom, GenAuth and Authing secrets (written
/// for these tests from the shapes, with made-up values). The code calls SDKs this test does not reference (Senparc,
/// WebForms, WinForms): compiler errors are ignored, as an IDE shows warnings in such code too.
/// </summary>
public sealed partial class HardcodedSecretAnalyzerTests
{
    /// <summary>Shape, source with the secret marked <c>{|#0:...|}</c>, the member the message names.</summary>
    public static TheoryData<string, string, string> RealWorldSecrets => new()
    {
        // WeChat's own parameter name, where the context says WeChat, WeCom, GenAuth or Authing.
        {
            "secret property in a Wechat namespace", """
            namespace Shop.Wechat.Config
            {
                public class MiniAppConfig
                {
                    public string AppId { get; set; } = "wx7185cb5467053741";
                    public string Secret { get; set; } = {|#0:"70cc7d5b13b4b453b1711235193a6123"|};
                }
            }
            """, "Secret"
        },
        {
            "secret local beside a wx app id in a console program", """
            using System.Net.Http;
            using System.Threading.Tasks;
            class Program
            {
                static async Task<string> GetAccessToken(HttpClient client)
                {
                    string appId = "wx68e4dbf6b7b1fd22";
                    string secret = {|#0:"ed9e3cce2675cadf8393a5d0a598ccc3"|};
                    string url = $"https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid={appId}&secret={secret}";
                    return await client.GetStringAsync(url);
                }
            }
            """, "secret"
        },
        {
            "stable_token body as an anonymous object", """
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;
            public class TokenClient
            {
                public Task<HttpResponseMessage> FetchAsync(HttpClient http) =>
                    http.PostAsJsonAsync("https://api.weixin.qq.com/cgi-bin/stable_token",
                        new { grant_type = "client_credential", appid = "wxa0c9eab6fcae76c6", secret = {|#0:"d19c220effc9f6a92957e26ffb08819d"|}, force_refresh = false });
            }
            """, "secret"
        },
        {
            "token query parameters in an indexer-initialized dictionary", """
            using System.Collections.Generic;
            public static class TokenQuery
            {
                public static Dictionary<string, string> Build() => new()
                {
                    ["grant_type"] = "client_credential",
                    ["appid"] = "wx83e0afe3d8c0e02a",
                    ["secret"] = {|#0:"c5a6cd5298a843859e83f9b19b7f4a6f"|},
                };
            }
            """, "secret"
        },
        {
            "corpSecret constant in a WeCom client", """
            namespace Intranet.Notifications;
            public sealed class WeComClient
            {
                private const string CorpId = "wwf4c99a53330cf94a";
                private const string corpSecret = {|#0:"4YRsAqofu82PEMtzUyOH1hWML8x0FgLc6MR9bAbSIZ5"|};
            }
            """, "corpSecret"
        },
        {
            "corpSecret parameter default beside a corp id", """
            public static class QyTokenHelper
            {
                public static string GetToken(string corpId = "wwf701a71970b33804", string corpSecret = {|#0:"WEQw2VLHav9Iw3ADAxrpN5gBUWx7ULWb695aiwcgwYu"|}) => corpId + corpSecret;
            }
            """, "corpSecret"
        },
        {
            "in_secret field beside a qyapi URL", """
            public class ApprovalSync
            {
                private const string GetTokenUrl = "https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid={0}&corpsecret={1}";
                private static readonly string in_secret = {|#0:"uoC4XBNejlQLaO-7K4lj81qyGtLzbmfemHF3tnXhbV1"|};
            }
            """, "in_secret"
        },
        {
            "Secret field of an Authing config class", """
            public static class AuthingConfig
            {
                public static string AppId = "62a1f3c0b5e8d9a7c4f2e1b0";
                public static string Secret = {|#0:"c44db36f930db8caf8d0af8fde1def3b"|};
            }
            """, "Secret"
        },
        {
            "Secret property in a GenAuth namespace", """
            namespace Acme.GenAuth
            {
                public class IdentityOptions
                {
                    public string UserPoolId { get; set; } = "62b0c1d2e3f4a5b6c7d8e9f0";
                    public string Secret { get; set; } = {|#0:"8f3e3c12e5baff3ebe9f1d903719d2b6"|};
                }
            }
            """, "Secret"
        },
        {
            "Senparc AccessTokenContainer.Register", """
            using Senparc.Weixin.MP.Containers;
            public static class Startup
            {
                public static void RegisterWechat() => AccessTokenContainer.Register("wx7185cb5467053741", {|#0:"44362f1fc41a4a654c36b6156453b407"|}, "main");
            }
            """, "AccessTokenContainer.Register(secret)"
        },
        {
            "Senparc CommonApi.GetToken with an app id field", """
            public class TokenJob
            {
                private readonly string _appId = "wx68e4dbf6b7b1fd22";
                public object Run() => CommonApi.GetToken(_appId, {|#0:"8da7597195e2db875ed57d63560cdf3e"|});
            }
            """, "CommonApi.GetToken(secret)"
        },
        {
            "WeCom GetToken(corpId, corpSecret) by name", """
            public class ContactSync
            {
                public string Token(string corpId) => WorkApi.GetToken(corpId, {|#0:"Vizpv9Tb6tSthUHRq4LreBN2jy-lDc29chV_523VpTb"|});
            }
            """, "GetToken(secret)"
        },
        {
            "secret local passed to a Senparc container", """
            public class ToolKitApi
            {
                public string GetAccessToken(string appId)
                {
                    var secret = {|#0:"050b21c8118f033aa941cbb0214e1f4e"|};
                    return AccessTokenContainer.TryGetAccessToken(appId, secret);
                }
            }
            """, "secret"
        },
        {
            "agentSecret field beside a WeCom message URL", """
            public class AlertSender
            {
                private const string SendUrl = "https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token={0}";
                private readonly int agentId = 1000002;
                private readonly string agentSecret = {|#0:"468cf27a379a82a23d20736ef4620e8d"|};
            }
            """, "agentSecret"
        },
        {
            "SnsApi.JsCode2Json mini program login", """
            public class LoginController
            {
                public object Login(string code) => SnsApi.JsCode2Json("wxa0c9eab6fcae76c6", {|#0:"d23835ef0ab0c7e00f031e1f7874b6b8"|}, code);
            }
            """, "SnsApi.JsCode2Json(secret)"
        },

        // The secret inside a URL, query string or body.
        {
            "whole token URL literal in a WebForms page", """
            public partial class GetTokenPage : System.Web.UI.Page
            {
                protected void Page_Load(object sender, System.EventArgs e) =>
                    GetPage({|#0:"https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx83e0afe3d8c0e02a&secret=8f3e3c12e5baff3ebe9f1d903719d2b6"|});
                public string GetPage(string url) => url;
            }
            """, "secret="
        },
        {
            "jscode2session URL concatenated", """
            public static class MiniLogin
            {
                public static string Url(string appId, string code) =>
                    "https://api.weixin.qq.com/sns/jscode2session?appid=" + appId + "&secret=" + {|#0:"630b77dfdf3126fcdb7e6908c652cfc2"|} + "&js_code=" + code + "&grant_type=authorization_code";
            }
            """, "secret="
        },
        {
            "WeCom gettoken URL interpolated", """
            public class QyNotifier
            {
                public string TokenUrl(string corpId) => $"https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid={corpId}{|#0:&corpsecret=23r1HBOlChfPXuS0vpT1F5op3h7wYq6-xi1kH_1RfM9|}";
            }
            """, "corpsecret="
        },
        {
            "token URL by string.Format with the secret inline", """
            public static class TokenModel
            {
                public static string Url(string appid) =>
                    string.Format("https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid={0}&secret={1}", appid, {|#0:"527b04ab1f9ae9a6637be988a5d29863"|});
            }
            """, "secret="
        },
        {
            "open platform query string constant", """
            internal static class OpenPlatform
            {
                internal const string ComponentTokenQuery = {|#0:"component_appid=wx7185cb5467053741&component_appsecret=0f067b996ba9c9bd343d2399bb62674f"|};
            }
            """, "component_appsecret="
        },
        {
            "stable_token JSON body in a string", """
            public static class StableToken
            {
                public const string Body = {|#0:"{\"grant_type\":\"client_credential\",\"appid\":\"wx68e4dbf6b7b1fd22\",\"secret\":\"70cc7d5b13b4b453b1711235193a6123\"}"|};
            }
            """, "\"secret\":"
        },
        {
            "token URL built with a StringBuilder chain", """
            using System.Text;
            public static class UrlBuilder
            {
                public static string Token(string appId) => new StringBuilder("https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential")
                    .Append("&appid=").Append(appId).Append("&secret=").Append({|#0:"d19c220effc9f6a92957e26ffb08819d"|}).ToString();
            }
            """, "secret="
        },
        {
            "WeCom form body of key/value pairs", """
            using System.Collections.Generic;
            using System.Net.Http;
            public class CorpTokenRequest
            {
                public HttpContent Body() => new FormUrlEncodedContent(new[]
                {
                    new KeyValuePair<string, string>("corpid", "ww9245670b850ead2b"),
                    new KeyValuePair<string, string>("corpsecret", {|#0:"GRiWUibLKljI9HRZk6pMkjTyeWUttAILj7EllXHeuVs"|}),
                });
            }
            """, "corpsecret"
        },
        {
            "WeCom query dictionary with a collection initializer", """
            using System.Collections.Generic;
            public static class TokenParams
            {
                public static readonly Dictionary<string, string> Query = new Dictionary<string, string>
                {
                    { "corpid", "wwe866f7b53ac6105b" },
                    { "corpsecret", {|#0:"4YRsAqofu82PEMtzUyOH1hWML8x0FgLc6MR9bAbSIZ5"|} },
                };
            }
            """, "corpsecret"
        },

        // Less direct sinks.
        {
            "WebForms hidden field named for the app secret", """
            public partial class ConfigPage : System.Web.UI.Page
            {
                protected System.Web.UI.WebControls.HiddenField hfAppSecret;
                protected void Page_Load(object sender, System.EventArgs e)
                {
                    hfAppSecret.Value = {|#0:"c5a6cd5298a843859e83f9b19b7f4a6f"|};
                }
            }
            """, "hfAppSecret.Value"
        },
        {
            "WinForms text box named for the app secret", """
            public partial class SettingsForm : System.Windows.Forms.Form
            {
                private System.Windows.Forms.TextBox txtAppSecret;
                private void LoadDefaults() => txtAppSecret.Text = {|#0:"ed9e3cce2675cadf8393a5d0a598ccc3"|};
            }
            """, "txtAppSecret.Text"
        },
        {
            "text box whose name ends with its control word", """
            public partial class MpSettingsForm : System.Windows.Forms.Form
            {
                private System.Windows.Forms.TextBox AppSecretTextBox;
                public MpSettingsForm() { AppSecretTextBox.Text = {|#0:"630b77dfdf3126fcdb7e6908c652cfc2"|}; }
            }
            """, "AppSecretTextBox.Text"
        },
        {
            "app id to secret dictionary", """
            using System.Collections.Generic;
            public static class MultiApp
            {
                public static readonly Dictionary<string, string> AppSecrets = new()
                {
                    ["wx7185cb5467053741"] = {|#0:"d19c220effc9f6a92957e26ffb08819d"|},
                };
            }
            """, "AppSecrets[\"wx7185cb5467053741\"]"
        },
        {
            "app id map with a plain name", """
            using System.Collections.Generic;
            public static class Tenants
            {
                private static readonly Dictionary<string, string> Apps = new Dictionary<string, string>
                {
                    { "wx83e0afe3d8c0e02a", {|#0:"8da7597195e2db875ed57d63560cdf3e"|} },
                };
            }
            """, "Apps[\"wx83e0afe3d8c0e02a\"]"
        },
        {
            "switch map in a secret-named method", """
            public static class AppRegistry
            {
                public static string SecretOf(string appId) => appId switch
                {
                    "wxa0c9eab6fcae76c6" => {|#0:"050b21c8118f033aa941cbb0214e1f4e"|},
                    _ => throw new System.ArgumentOutOfRangeException(nameof(appId)),
                };
            }
            """, "SecretOf"
        },
        {
            "switch statement on the app id", """
            public sealed class CredentialStore
            {
                public string Lookup(string appId)
                {
                    switch (appId)
                    {
                        case "wx83e0afe3d8c0e02a":
                            return {|#0:"468cf27a379a82a23d20736ef4620e8d"|};
                        default:
                            return string.Empty;
                    }
                }
            }
            """, "Lookup[\"wx83e0afe3d8c0e02a\"]"
        },
        {
            "AppSecretFor method returning a literal", """
            public class MpOptions
            {
                public string AppSecretFor(string appId) => appId == "wx7185cb5467053741" ? {|#0:"d23835ef0ab0c7e00f031e1f7874b6b8"|} : string.Empty;
            }
            """, "AppSecretFor"
        },
        {
            "GetSecretByAppId method with an if", """
            public static class KeyRing
            {
                public static string GetSecretByAppId(string appId)
                {
                    if (appId == "wx68e4dbf6b7b1fd22")
                    {
                        return {|#0:"8f3e3c12e5baff3ebe9f1d903719d2b6"|};
                    }

                    return null!;
                }
            }
            """, "GetSecretByAppId"
        },
        {
            "environment read of WECHAT_APP_SECRET with a fallback", """
            using System;
            public static class Bootstrap
            {
                public static string ResolveKey() =>
                    Environment.GetEnvironmentVariable("WECHAT_APP_SECRET") ?? {|#0:"630b77dfdf3126fcdb7e6908c652cfc2"|};
            }
            """, "WECHAT_APP_SECRET"
        },
        {
            "AppSettings read of WxSecret with a fallback, passed on", """
            using System.Configuration;
            public class PushService
            {
                public void Init() => Register(ConfigurationManager.AppSettings["WxSecret"] ?? {|#0:"527b04ab1f9ae9a6637be988a5d29863"|});
                private static void Register(string value) { }
            }
            """, "WxSecret"
        },
        {
            "configuration read of Weixin:Secret with a fallback", """
            using Microsoft.Extensions.Configuration;
            public class Setup
            {
                public object Build(IConfiguration configuration)
                {
                    var value = configuration["Weixin:Secret"] ?? {|#0:"0f067b996ba9c9bd343d2399bb62674f"|};
                    return value;
                }
            }
            """, "Weixin:Secret"
        },
        {
            "GetSection(\"Wechat\")[\"Secret\"] with a fallback", """
            using Microsoft.Extensions.Configuration;
            public class Registration
            {
                public string Read(IConfiguration configuration) =>
                    configuration.GetSection("Wechat")["Secret"] ?? {|#0:"8da7597195e2db875ed57d63560cdf3e"|};
            }
            """, "Wechat:Secret"
        },
        {
            "Authing ManagementClient(userPoolId, secret)", """
            public class IdentityModule
            {
                private const string UserPoolId = "60e043f8cd91b87d712b6365";
                public object Client() => new ManagementClient(UserPoolId, {|#0:"0f067b996ba9c9bd343d2399bb62674f"|});
            }
            """, "ManagementClient(secret)"
        },
        {
            "misspelled AppSercet property", """
            namespace CloudLinking.Entity.Identity
            {
                public class AuthInfo
                {
                    public string AppId { get; set; } = "wx7185cb5467053741";
                    public string AppSercet { get; set; } = {|#0:"70cc7d5b13b4b453b1711235193a6123"|};
                }
            }
            """, "AppSercet"
        },
        {
            "misspelled appScret local", """
            public class PaySigner
            {
                public string Sign(string body)
                {
                    var appScret = {|#0:"ed9e3cce2675cadf8393a5d0a598ccc3"|};
                    return body + appScret;
                }
            }
            """, "appScret"
        },
        {
            "misspelled WX_APP_SECERT constant", """
            public static class Keys
            {
                public const string WX_APP_SECERT = {|#0:"c44db36f930db8caf8d0af8fde1def3b"|};
            }
            """, "WX_APP_SECERT"
        },
    };

    /// <summary>Shape and source: values that are not secrets, or secrets the context does not say are WeChat's.</summary>
    public static TheoryData<string, string> RealWorldClean => new()
    {
        {
            "Octopus / Azure DevOps token replacement #{Name}#", """
            namespace Shop.Wechat { public class WechatOptions { public string Secret { get; set; } = "#{WechatSecret}#"; } }
            """
        },
        {
            "token replacement #{Name} without the closing #", """
            public class WeComOptions { public string CorpSecret { get; set; } = "#{WeixinCorpSecret}"; }
            """
        },
        {
            "MSBuild-style $(Name)", """
            public static class WechatKeys { public const string AppSecret = "$(WECHAT_APP_SECRET)"; }
            """
        },
        {
            "environment-style %NAME%", """
            public class WeComSender { private readonly string secret = "%WX_CORP_SECRET%"; }
            """
        },
        {
            "YourSecret", """
            public class WechatSettings { public string AppId { get; set; } = "wx7185cb5467053741"; public string Secret { get; set; } = "YourSecret"; }
            """
        },
        {
            "Chinese placeholder 你的AppSecret", """
            public class MpConfig { public string AppSecret { get; set; } = "你的AppSecret"; }
            """
        },
        {
            "Chinese placeholder 填写…", """
            namespace Demo.Weixin { public class MiniConfig { public string Secret { get; set; } = "填写小程序的Secret"; } }
            """
        },
        {
            "value equal to its own key name", """
            public class WeComAgent { public string CorpSecret { get; set; } = "CorpSecret"; public string AgentSecret { get; set; } = "AgentSecret"; }
            """
        },
        {
            "EncodingAESKey of the message encryption", """
            public class WechatCallbackOptions { public string EncodingAESKey { get; set; } = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"; }
            """
        },
        {
            "callback Token", """
            public class WechatCallbackOptions { public string Token { get; set; } = "weixin2024callbackToken"; }
            """
        },
        {
            "app ids and corp ids, with an app id read's fallback", """
            using System;
            public class WechatApps
            {
                public string AppId { get; } = Environment.GetEnvironmentVariable("WECHAT_APP_ID") ?? "wx68e4dbf6b7b1fd22";
                public string CorpId { get; } = "wwf701a71970b33804";
                public string ComponentAppId { get; } = "wxa0c9eab6fcae76c6";
            }
            """
        },
        {
            "WeChat documentation URL with APPID and APPSECRET placeholders", """
            public static class WxUrls
            {
                public const string Token = "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=APPID&secret=APPSECRET";
                public const string CorpToken = "https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ID&corpsecret=SECRET";
            }
            """
        },
        {
            "token URL built from variables", """
            public static class WxUrls
            {
                public static string Token(string appId, string secret) =>
                    string.Format("https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid={0}&secret={1}", appId, secret);
                public static string Login(string appId, string secret, string code) =>
                    $"https://api.weixin.qq.com/sns/jscode2session?appid={appId}&secret={secret}&js_code={code}&grant_type=authorization_code";
            }
            """
        },
        {
            "open id of a template message recipient", """
            public class WechatNotifier
            {
                public object Message() => new { touser = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", template_id = "Kd2kW0xNoTe8Pq3vLzR7sYb1Hc9mJfA4uGx6iE5wQtB" };
            }
            """
        },
        {
            "template ids keyed by app id", """
            using System.Collections.Generic;
            public static class WechatTemplates
            {
                public static readonly Dictionary<string, string> OrderShipped = new() { ["wx7185cb5467053741"] = "Kd2kW0xNoTe8Pq3vLzR7sYb1Hc9mJfA4uGx6iE5wQtB" };
            }
            """
        },
        {
            "md5 and sha1 signatures of payloads", """
            public class WxPayNotify
            {
                private const string ExpectedSign = "c3fcd3d76192e4007dfb496cca67e13b";
                public bool Verify(string sign, string signature) =>
                    sign == ExpectedSign && signature == "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3";
            }
            """
        },
        {
            "nonce strings of a JS-SDK signature", """
            public class JsSdkSigner
            {
                public string Raw(string ticket, long timestamp, string url)
                {
                    var nonceStr = "Wm3WZYTPz0wzccnW";
                    return string.Format("jsapi_ticket={0}&noncestr={1}&timestamp={2}&url={3}", ticket, nonceStr, timestamp, url);
                }
            }
            """
        },
        {
            "bare secret with no WeChat context", """
            public class JwtOptions { public string Issuer { get; set; } = "shop"; public string Secret { get; set; } = "p7Hq2ZrX9vLp4TnB8sWd3Kc6Jm1Gf5Ye"; }
            """
        },
        {
            "another provider's clientSecret in a WeChat-named class", """
            public class WechatLoginOptions { public string ClientSecret { get; set; } = "Gx8Lw2Qd5Rn7Tb4Vc1Zm9Ks6Hj3Pf0Ya"; }
            """
        },
        {
            "a Senparc using directive alone says nothing of a JWT secret", """
            using Senparc.Weixin.MP;
            public class JwtSettings { private readonly string secret = "Lc2Wd7Rb4Tz1Hm6Jk9Pf3Ys0GaNv5Qx8"; }
            """
        },
        {
            "Worker, Network and Framework say nothing", """
            namespace Company.Network.Worker
            {
                public class FrameworkSettings { private readonly string secret = "Nv5Qx8Lc2Wd7Rb4Tz1Hm6Jk9Pf3Ys0Ga"; }
            }
            """
        },
        {
            "secret query key of another service", """
            using System.Collections.Generic;
            public class CaptchaVerifier
            {
                public Dictionary<string, string> Form(string response) => new() { ["secret"] = "Qm7Zx2Lp9Wc4Rt6Vb1Nd8Hk3Jf5Gs0Ya", ["response"] = response };
            }
            """
        },
        {
            "words near secret that are not secret", """
            public class WechatAudit { private readonly string wxSecure = "Hd3Lq8Wx1Zc6Rb9Tn4Vm7Kp2Jf5Gs0Ya"; private readonly string secretaryId = "Tb4Vc1Zm9Ks6Hj3Pf0YaGx8Lw2Qd5Rn7"; }
            """
        },
        {
            "empty in_secret", """
            public class QyApi { private const string Url = "https://qyapi.weixin.qq.com/cgi-bin/gettoken"; private string in_secret = ""; }
            """
        },
        {
            "configuration read with a placeholder fallback", """
            using Microsoft.Extensions.Configuration;
            public class Setup { public string Secret(IConfiguration c) => c["Wechat:AppSecret"] ?? "<set Wechat:AppSecret>"; }
            """
        },
        {
            "app names keyed by app id", """
            using System.Collections.Generic;
            public static class AppNames { public static readonly Dictionary<string, string> Names = new() { ["wx83e0afe3d8c0e02a"] = "Shop mini program" }; }
            """
        },
        {
            "switch on app id to template ids", """
            public static class Templates
            {
                public static string For(string appId) => appId switch { "wx68e4dbf6b7b1fd22" => "Kd2kW0xNoTe8Pq3vLzR7sYb1Hc9mJfA4uGx6iE5wQtB", _ => "" };
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(RealWorldSecrets))]
    public Task RealWorldShape_HardCodedSecret_Reported(string shape, string source, string member)
    {
        _ = shape;
        return VerifyRealWorldAsync(source, Gah001(0, member));
    }

    [Theory]
    [MemberData(nameof(RealWorldClean))]
    public Task RealWorldShape_NoSecret_NotReported(string shape, string source)
    {
        _ = shape;
        return VerifyRealWorldAsync(source);
    }

    private static Task VerifyRealWorldAsync(string source, params DiagnosticResult[] expected)
    {
        var test = Analyzer<HardcodedSecretAnalyzer>(source, expected);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync();
    }
}
