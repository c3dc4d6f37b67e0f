using System.Globalization;
using System.Text.Json.Nodes;
using static HookRelay.Simulator.Generation.LogEventParts;

namespace HookRelay.Simulator.Generation;

/// <summary>
/// Realistic System Log events of event-hook-eligible types, in <see cref="EventMix"/>'s
/// proportions. The same seed and the same publish times give the same events, byte for byte.
/// Not thread-safe: one caller draws from it.
/// </summary>
internal sealed class SimulatedEventGenerator
{
    private readonly Random _random;
    private readonly SimulatedDirectory _org;
    private readonly string _origin;
    private readonly int _totalWeight = EventMix.Templates.Sum(t => t.Weight);

    public SimulatedEventGenerator(int seed, string origin = "https://sim.okta.example")
    {
        _random = new Random(seed);
        _org = new SimulatedDirectory(_random);
        _origin = origin;
    }

    public GeneratedEvent Next(DateTimeOffset published) => Next(published, Pick());

    public GeneratedEvent Next(DateTimeOffset published, EventTemplate template)
    {
        var uuid = OktaIds.Uuid(_random);
        var requestId = OktaIds.Request(_random);
        var person = _org.People[_random.Next(_org.People.Count)];
        var e = new JsonObject
        {
            ["uuid"] = uuid,
            ["published"] = Timestamp(published),
            ["eventType"] = template.EventType,
            ["version"] = "0",
            ["displayMessage"] = template.DisplayMessage,
            ["severity"] = template.Severity,
        };
        var debug = new JsonObject { ["requestId"] = requestId, ["dtHash"] = OktaIds.Hex(_random, 64), ["threatSuspected"] = "false" };
        var (actor, client, targets, outcome, transactionType, authentication, place) = template.Shape switch
        {
            EventShape.SignIn or EventShape.SignOut or EventShape.SelfService or EventShape.Risk => ByUser(template, person, debug),
            EventShape.SystemJob => BySystem(debug),
            _ => ByAdmin(template, person, debug),
        };
        e["client"] = client;
        e["device"] = null;
        e["actor"] = actor;
        e["outcome"] = outcome;
        e["target"] = targets;
        e["transaction"] = new JsonObject { ["type"] = transactionType, ["id"] = requestId, ["detail"] = new JsonObject() };
        e["debugContext"] = new JsonObject { ["debugData"] = debug };
        e["legacyEventType"] = template.LegacyEventType;
        e["authenticationContext"] = authentication;
        e["securityContext"] = SecurityContext(place);
        if (client["ipChain"] is null && place is not null)
        {
            // Some events carry the chain where the System Log API documents it (§2.3).
            e["request"] = new JsonObject { ["ipChain"] = IpChain(client["ipAddress"]!.GetValue<string>(), place) };
        }

        e["insertionTimestamp"] = null;
        if (outcome["result"]!.GetValue<string>() == "FAILURE")
        {
            e["severity"] = "WARN";
        }

        return new GeneratedEvent(uuid, template.EventType, published, e.ToJsonString());
    }

    private EventTemplate Pick()
    {
        var roll = _random.Next(_totalWeight);
        foreach (var template in EventMix.Templates)
        {
            roll -= template.Weight;
            if (roll < 0)
            {
                return template;
            }
        }

        return EventMix.Templates[^1];
    }

    private Parts ByUser(EventTemplate template, SimulatedPerson person, JsonObject debug)
    {
        // Most sign-ins come from home; some from travel.
        var place = _random.Next(10) == 0 ? SimulatedDirectory.AllPlaces[_random.Next(SimulatedDirectory.AllPlaces.Count)] : person.Home;
        var ip = Ip(place);
        var failed = template.Shape == EventShape.SignIn && _random.Next(100) < 6;
        var app = _org.Apps[_random.Next(_org.Apps.Count)];
        JsonArray targets = template.Shape switch
        {
            EventShape.SignIn when template.EventType == "user.authentication.sso" =>
                [Target(app.Id, "AppInstance", app.Name, app.Name), Target(OktaIds.Next(_random, "0ua"), "AppUser", person.Login, person.DisplayName)],
            EventShape.SignIn =>
                [Target(OktaIds.Next(_random, "lae"), "AuthenticatorEnrollment", "unknown", template.EventType.Contains("mfa", StringComparison.Ordinal) ? "Okta Verify" : "Password"), Target(_org.Apps[0].Id, "AppInstance", _org.Apps[0].Name, _org.Apps[0].Name)],
            _ => [Target(person.Id, "User", person.Login, person.DisplayName)],
        };
        debug["requestUri"] = template.Shape == EventShape.SignIn ? "/idp/idx/identify" : "/api/v1/users/me";
        debug["url"] = debug["requestUri"]!.GetValue<string>() + "?";
        debug["origin"] = _origin;
        debug["deviceFingerprint"] = OktaIds.Hex(_random, 32);
        if (template.Shape == EventShape.Risk)
        {
            debug["risk"] = "{reasons=Anomalous Location, level=HIGH}";
        }

        var session = "idx" + OktaIds.Request(_random)[..22];
        return new(
            User(person),
            Client(person.UserAgent, null, ip, place, withIpChain: true),
            targets,
            Outcome(failed ? "FAILURE" : "SUCCESS", failed ? "INVALID_CREDENTIALS" : null),
            "WEB",
            AuthenticationContext(session, template.Shape == EventShape.SignIn ? "PASSWORD" : null),
            place);
    }

    private Parts ByAdmin(EventTemplate template, SimulatedPerson person, JsonObject debug)
    {
        // Admin changes come from the console or from a provisioning integration's API calls.
        var byApi = _random.Next(10) < 4;
        var admin = _org.Admins[_random.Next(_org.Admins.Count)];
        var place = byApi ? SimulatedDirectory.AllPlaces[1] : admin.Home;
        var ip = Ip(place);
        var group = _org.Groups[_random.Next(_org.Groups.Count)];
        var app = _org.Apps[_random.Next(_org.Apps.Count)];
        var user = Target(person.Id, "User", person.Login, person.DisplayName);
        var (targets, uri) = template.Shape switch
        {
            EventShape.GroupMembership => (new JsonArray(user, Target(group.Id, "UserGroup", "unknown", group.Name)), $"/api/v1/groups/{group.Id}/users/{person.Id}"),
            EventShape.AppMembership => (new JsonArray(Target(OktaIds.Next(_random, "0ua"), "AppUser", person.Login, person.DisplayName), Target(app.Id, "AppInstance", app.Name, app.Name), user), $"/api/v1/apps/{app.Id}/users/{person.Id}"),
            EventShape.GroupAdmin => (new JsonArray(Target(group.Id, "UserGroup", "unknown", group.Name)), $"/api/v1/groups/{group.Id}"),
            EventShape.AppAdmin => (new JsonArray(Target(app.Id, "AppInstance", app.Name, app.Name)), $"/api/v1/apps/{app.Id}"),
            EventShape.PolicyAdmin => (new JsonArray(Target(OktaIds.Next(_random, "00p"), "PolicyEntity", "unknown", "Default Policy"), Target(OktaIds.Next(_random, "0pr"), "PolicyRule", "unknown", "Default Rule")), "/api/v1/policies"),
            _ => (new JsonArray(user), $"/api/v1/users/{person.Id}/lifecycle/{template.EventType[(template.EventType.LastIndexOf('.') + 1)..]}"),
        };
        debug["requestUri"] = uri;
        debug["url"] = uri + "?";
        if (template.EventType == "user.account.update_profile")
        {
            debug["changedAttributes"] = "title,department";
        }

        var client = byApi
            ? Client("okta-sdk-python/2.9.0 python/3.12.3 Linux/6.8.0", _org.ProvisioningClient.Id, ip, place, withIpChain: false)
            : Client(admin.UserAgent, null, ip, place, withIpChain: _random.Next(2) == 0);
        var actor = byApi ? Actor(_org.ProvisioningClient.Id, "PublicClientApp", _org.ProvisioningClient.Name, _org.ProvisioningClient.Name) : User(admin);
        return new(actor, client, targets, Outcome("SUCCESS", null), "WEB", AuthenticationContext(null, null), place);
    }

    private Parts BySystem(JsonObject debug)
    {
        var app = _org.Apps[1 + _random.Next(_org.Apps.Count - 1)];
        debug["importJobId"] = OktaIds.Request(_random);
        var client = new JsonObject { ["userAgent"] = null, ["zone"] = null, ["device"] = null, ["id"] = null, ["ipAddress"] = null, ["geographicalContext"] = null };
        return new(
            Actor("0oa1sYsTmPr1nC1pAl0z", "SystemPrincipal", "system@okta.com", "Okta System"),
            client,
            [Target(app.Id, "AppInstance", app.Name, app.Name)],
            Outcome("SUCCESS", null),
            "JOB",
            AuthenticationContext(null, null),
            null);
    }

    private string Ip(SimulatedPlace place) => place.IpPrefix + (2 + _random.Next(250)).ToString(CultureInfo.InvariantCulture);

    private sealed record Parts(JsonObject Actor, JsonObject Client, JsonArray Targets, JsonObject Outcome, string TransactionType, JsonObject Authentication, SimulatedPlace? Place);
}
