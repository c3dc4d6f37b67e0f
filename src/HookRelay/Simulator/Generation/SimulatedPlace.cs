namespace HookRelay.Simulator.Generation;

/// <summary>Where a request comes from: the geolocation Okta attaches to its IP address.</summary>
internal sealed record SimulatedPlace(string City, string State, string Country, string PostalCode, double Lat, double Lon, string IpPrefix, string Isp, int AsNumber);
