using System.Net;

namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>An <see cref="IWebProxy"/> that sends every request, loopback ones included, through one proxy address.</summary>
internal sealed class FixedProxy(Uri address) : IWebProxy
{
    public ICredentials? Credentials { get; set; }

    public Uri GetProxy(Uri destination) => address;

    public bool IsBypassed(Uri host) => false;
}
