namespace HookRelay.Simulator.Generation;

/// <summary>
/// The simulated org's people, groups, apps and admins, drawn once from the seed so that events
/// keep referring to the same users (a user signs in many times, joins a group once).
/// </summary>
internal sealed class SimulatedDirectory
{
    public const string Domain = "sim.example";

    private static readonly string[] FirstNames = ["Marie", "Sam", "Aiko", "Lena", "Omar", "Priya", "Jonas", "Chloe", "Mateo", "Ines", "Kwame", "Sofia", "Noah", "Yuki", "Elena", "Ravi"];
    private static readonly string[] LastNames = ["Dupont", "Lee", "Tanaka", "Muller", "Haddad", "Sharma", "Berg", "Martin", "Garcia", "Costa", "Mensah", "Rossi", "Smith", "Sato", "Ivanova", "Patel"];
    private static readonly string[] GroupNames = ["Everyone", "Engineering", "Sales", "Finance", "Support", "Contractors", "Admins", "Marketing"];
    private static readonly string[] AppNames = ["Okta Dashboard", "Salesforce", "Slack", "GitHub Enterprise", "Workday", "Zoom", "Atlassian Cloud"];

    private static readonly SimulatedPlace[] Places =
    [
        new("Lyon", "Auvergne-Rhone-Alpes", "France", "69002", 45.7485, 4.8467, "198.51.100.", "example telecom", 64496),
        new("Ashburn", "Virginia", "United States", "20149", 39.0469, -77.4903, "203.0.113.", "example cloud", 64497),
        new("Berlin", "Berlin", "Germany", "10115", 52.5321, 13.3849, "192.0.2.", "example kabel", 64498),
        new("Austin", "Texas", "United States", "78701", 30.2711, -97.7437, "198.18.0.", "example fiber", 64499),
        new("Tokyo", "Tokyo", "Japan", "100-0001", 35.6850, 139.7514, "198.19.0.", "example hikari", 64500),
        new("Bengaluru", "Karnataka", "India", "560001", 12.9716, 77.5946, "100.64.0.", "example broadband", 64501),
    ];

    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 OktaVerify/9.30",
    ];

    public SimulatedDirectory(Random random)
    {
        People = [.. Enumerable.Range(0, 48).Select(i => Person(random, i))];
        Admins = [.. People.Take(3)];
        Groups = [.. GroupNames.Select(n => (OktaIds.Next(random, "00g"), n))];
        Apps = [.. AppNames.Select(n => (OktaIds.Next(random, "0oa"), n))];
        ProvisioningClient = (OktaIds.Next(random, "0oa"), "Provisioning Service");
    }

    public IReadOnlyList<SimulatedPerson> People { get; }

    public IReadOnlyList<SimulatedPerson> Admins { get; }

    public IReadOnlyList<(string Id, string Name)> Groups { get; }

    public IReadOnlyList<(string Id, string Name)> Apps { get; }

    public (string Id, string Name) ProvisioningClient { get; }

    public static IReadOnlyList<SimulatedPlace> AllPlaces => Places;

    private static SimulatedPerson Person(Random random, int index)
    {
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var login = $"{first}.{last}{(index < 16 ? string.Empty : index.ToString(System.Globalization.CultureInfo.InvariantCulture))}@{Domain}".ToLowerInvariant();
        return new SimulatedPerson(OktaIds.Next(random, "00u"), login, $"{first} {last}", Places[random.Next(Places.Length)], UserAgents[random.Next(UserAgents.Length)]);
    }
}
