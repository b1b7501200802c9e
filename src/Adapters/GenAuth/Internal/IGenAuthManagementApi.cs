using Refit;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>GenAuth's management-token endpoint, on its own named client (no authentication handler).</summary>
internal interface IGenAuthManagementApi
{
    [Post(GenAuthDefaults.ManagementTokenEndpoint)]
    Task<HttpResponseMessage> GetManagementTokenAsync([Body(buffered: true)] GenAuthManagementTokenRequest request, [Property(GenAuthCall.OptionsKey)] GenAuthCall call, CancellationToken cancellationToken);
}
