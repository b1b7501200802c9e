using System.Globalization;

namespace GenAuth.Hexagonal.Fleet.Worker;

/// <summary>The apps of a fleet test, shared by the test process (which registers them in the emulator) and the workers.</summary>
public static class FleetApps
{
    /// <summary>The <paramref name="index"/>-th app id, 18 characters like a real one.</summary>
    public static string AppId(int index) => "wxfleet" + index.ToString("x11", CultureInfo.InvariantCulture);

    /// <summary>The app's (obviously fake) secret; <paramref name="suffix"/> makes a rotated one.</summary>
    public static string AppSecret(int index, string suffix = "") =>
        "fleet-app-secret-not-real-" + index.ToString("D4", CultureInfo.InvariantCulture) + suffix;

    /// <summary>Credentials of the <paramref name="index"/>-th app.</summary>
    public static WechatAppCredentials Credentials(int index, string suffix = "") => new(AppId(index), AppSecret(index, suffix));
}
