namespace GenAuth.Hexagonal.Testing;

/// <summary>Answers with WeChat's error body (HTTP 200). Created by <see cref="EmulatorFault.WechatError"/>.</summary>
/// <param name="ErrorCode">The <c>errcode</c>.</param>
/// <param name="ErrorMessage">The <c>errmsg</c>.</param>
public sealed record WechatErrorFault(int ErrorCode, string ErrorMessage) : EmulatorFault;
