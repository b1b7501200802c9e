namespace GenAuth.Hexagonal.Testing.Tests;

public sealed class TestSignerTests
{
    [Theory]
    [InlineData("authing", "authing 5f1c2d3e4a5b6c7d8e9f0a1b:4Dj/iSBxRVkff39ihNjgZuwwg1A=")]
    [InlineData("GenAuth", "GenAuth 5f1c2d3e4a5b6c7d8e9f0a1b:V0q5rn2nnUE4hR5npu2D5F0LbsI=")]
    public void Sign_ProtocolTestVector_ReproducesOfficialAuthorization(string brand, string expected)
    {
        var headers = TestSigner.Headers(brand, TestSigner.TestVectorDate, TestSigner.TestVectorNonce);
        var stringToSign = TestSigner.StringToSign("POST", "/api/v3/get-weixin-access-token", headers, TestSigner.TestVectorBody);

        var authorization = TestSigner.Authorization(brand, TestSigner.TestVectorAccessKeyId, TestSigner.Sign(TestSigner.TestVectorSecret, stringToSign));

        authorization.Should().Be(expected);
    }
}
