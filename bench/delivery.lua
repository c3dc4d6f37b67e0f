-- wrk script for bench/run.sh: POSTs Okta event hook deliveries of two events each.
--
--   BENCH_SECRET=... wrk -t2 -c16 -d10s -s bench/delivery.lua http://127.0.0.1:PORT/hooks/okta -- RUNTAG
--
-- Every request carries a fresh envelope eventId and fresh event uuids, so HookRelay stores every
-- delivery instead of answering duplicates cheaply. RUNTAG (8 hex digits) must differ between
-- the wrk runs against one server (warm-up and measurement), or the second would repeat the first,
-- and between wrks run at once against servers that share one database. BENCH_QUANTILES=1 adds
-- the latency percentiles on a fine grid, so that report.py can merge the latencies of wrks run
-- at once against several servers.
-- done() prints one line, "BENCH_RESULT {json}", that bench/report.py reads.

-- The shape and size (about 7 KB) of tests/HookRelay.Tests/Fixtures/Okta/delivery-two-events.json:
-- one sign-in event and one group membership event. @EVENT_ID@, @UUID_1@ and @UUID_2@ are
-- replaced per request. The text holds no other '@'.
local template = [==[
{
  "eventType": "com.okta.event_hook",
  "eventTypeVersion": "1.0",
  "cloudEventsVersion": "0.1",
  "source": "https://bench-example.okta.com/api/v1/eventHooks/whoBench0000000000001",
  "eventId": "@EVENT_ID@",
  "data": {
    "events": [
      {
        "uuid": "@UUID_1@",
        "published": "2026-09-01T08:15:42.117Z",
        "eventType": "user.session.start",
        "version": "0",
        "displayMessage": "User login to Okta",
        "severity": "INFO",
        "client": {
          "userAgent": {
            "rawUserAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
            "os": "Linux",
            "browser": "CHROME"
          },
          "zone": "null",
          "device": "Computer",
          "id": null,
          "ipAddress": "192.0.2.61",
          "geographicalContext": {
            "city": "Porto",
            "state": "Porto",
            "country": "Portugal",
            "postalCode": "4000-322",
            "geolocation": {
              "lat": 41.1496,
              "lon": -8.611
            }
          },
          "ipChain": [
            {
              "ip": "192.0.2.61",
              "geographicalContext": {
                "city": "Porto",
                "state": "Porto",
                "country": "Portugal",
                "postalCode": "4000-322",
                "geolocation": {
                  "lat": 41.1496,
                  "lon": -8.611
                }
              },
              "version": "V4",
              "source": null
            }
          ]
        },
        "device": null,
        "actor": {
          "id": "00uBench1a2b3c4d5e6f7",
          "type": "User",
          "alternateId": "ana.costa@bench-example.example",
          "displayName": "Ana Costa",
          "detailEntry": null
        },
        "outcome": {
          "result": "SUCCESS",
          "reason": null
        },
        "target": [
          {
            "id": "laeBench7g8h9i0j1k2l3",
            "type": "AuthenticatorEnrollment",
            "alternateId": "unknown",
            "displayName": "Password",
            "detailEntry": null
          },
          {
            "id": "0oaBench4m5n6o7p8q9r0",
            "type": "AppInstance",
            "alternateId": "Okta Dashboard",
            "displayName": "Okta Dashboard",
            "detailEntry": null
          }
        ],
        "transaction": {
          "type": "WEB",
          "id": "bNc4R3wMn0Uo1qS8tX2zAhBBC5d",
          "detail": {}
        },
        "debugContext": {
          "debugData": {
            "authnRequestId": "bNc4QawMn0Uo1qS8tX2zAhBBB0e",
            "deviceFingerprint": "1a2b3c4d5e6f708192a3b4c5d6e7f809",
            "requestId": "bNc4R3wMn0Uo1qS8tX2zAhBBC5d",
            "dtHash": "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "origin": "https://bench-example.okta.com",
            "requestUri": "/idp/idx/identify",
            "threatSuspected": "false",
            "targetEventHookIds": "whoBench0000000000001,whoBench0000000000002",
            "url": "/idp/idx/identify?"
          }
        },
        "legacyEventType": "core.user_auth.login_success",
        "authenticationContext": {
          "authenticationProvider": null,
          "credentialProvider": null,
          "credentialType": null,
          "issuer": null,
          "authenticationStep": 0,
          "externalSessionId": "idxBench2c4e6g8i0k2m4o6q8",
          "interface": null
        },
        "securityContext": {
          "asNumber": 64500,
          "asOrg": "example carrier",
          "isp": "example carrier",
          "domain": "example-carrier.pt",
          "isProxy": false
        },
        "insertionTimestamp": null
      },
      {
        "uuid": "@UUID_2@",
        "published": "2026-09-01T08:15:43.902Z",
        "eventType": "group.user_membership.add",
        "version": "0",
        "displayMessage": "Add user to group membership",
        "severity": "INFO",
        "client": {
          "userAgent": {
            "rawUserAgent": "okta-sdk-java/16.0.0 java/21.0.4 Linux/6.8.0",
            "os": "Linux",
            "browser": "UNKNOWN"
          },
          "zone": "null",
          "device": "Unknown",
          "id": "0oaBench9s8t7u6v5w4x3",
          "ipAddress": "198.51.100.77",
          "geographicalContext": {
            "city": "Columbus",
            "state": "Ohio",
            "country": "United States",
            "postalCode": "43215",
            "geolocation": {
              "lat": 39.9612,
              "lon": -82.9988
            }
          }
        },
        "device": null,
        "actor": {
          "id": "0oaBench9s8t7u6v5w4x3",
          "type": "PublicClientApp",
          "alternateId": "HR Sync",
          "displayName": "HR Sync",
          "detailEntry": null
        },
        "outcome": {
          "result": "SUCCESS",
          "reason": null
        },
        "target": [
          {
            "id": "00uBench2y3z4a5b6c7d8",
            "type": "User",
            "alternateId": "joao.silva@bench-example.example",
            "displayName": "Joao Silva",
            "detailEntry": null
          },
          {
            "id": "00gBench9e0f1g2h3i4j5",
            "type": "UserGroup",
            "alternateId": "unknown",
            "displayName": "Finance",
            "detailEntry": null
          }
        ],
        "transaction": {
          "type": "WEB",
          "id": "bNc4SjwMn0Uo1qS8tX2zAhBBDRt",
          "detail": {}
        },
        "debugContext": {
          "debugData": {
            "requestId": "bNc4SjwMn0Uo1qS8tX2zAhBBDRt",
            "dtHash": "a0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7d8e9f",
            "requestUri": "/api/v1/groups/00gBench9e0f1g2h3i4j5/users/00uBench2y3z4a5b6c7d8",
            "threatSuspected": "false",
            "targetEventHookIds": "whoBench0000000000001",
            "url": "/api/v1/groups/00gBench9e0f1g2h3i4j5/users/00uBench2y3z4a5b6c7d8?"
          }
        },
        "legacyEventType": "core.user_group_member.user_add",
        "authenticationContext": {
          "authenticationProvider": null,
          "credentialProvider": null,
          "credentialType": null,
          "issuer": null,
          "authenticationStep": 0,
          "externalSessionId": "unknown",
          "interface": null
        },
        "securityContext": {
          "asNumber": null,
          "asOrg": null,
          "isp": null,
          "domain": null,
          "isProxy": null
        },
        "request": {
          "ipChain": [
            {
              "ip": "198.51.100.77",
              "geographicalContext": {
                "city": "Columbus",
                "state": "Ohio",
                "country": "United States",
                "postalCode": "43215",
                "geolocation": {
                  "lat": 39.9612,
                  "lon": -82.9988
                }
              },
              "version": "V4",
              "source": null
            }
          ]
        },
        "insertionTimestamp": null
      }
    ]
  },
  "eventTime": "2026-09-01T08:15:55.360Z",
  "contentType": "application/json"
}
]==]

-- Split the template once at its markers, so each request is a cheap concatenation.
local function split(text, marker)
    local at = assert(text:find(marker, 1, true), "marker missing: " .. marker)
    return text:sub(1, at - 1), text:sub(at + #marker)
end
local part1, rest = split(template, "@EVENT_ID@")
local part2, rest2 = split(rest, "@UUID_1@")
local part3, part4 = split(rest2, "@UUID_2@")

-- Runs in wrk's main Lua state: number the threads and keep them for done().
local threads = {}
function setup(thread)
    table.insert(threads, thread)
    thread:set("thread_id", #threads)
end

-- Runs in each thread's own Lua state; thread_id was set by setup().
local run_tag, headers
local counter = 0
statuses = {}
function init(args)
    run_tag = args[1] or "00000000"
    assert(run_tag:match("^%x%x%x%x%x%x%x%x$"), "RUNTAG must be 8 hex digits")
    local secret = assert(os.getenv("BENCH_SECRET"), "set BENCH_SECRET to the hook's secret")
    headers = { ["Content-Type"] = "application/json", ["Authorization"] = secret }
end

-- UUID-shaped ids: RUNTAG, thread, then a per-thread counter, so no two requests share one.
function request()
    counter = counter + 1
    local eventId = string.format("%s-%04x-4c61-9a2e-%012x", run_tag, thread_id, counter)
    local uuid1 = string.format("%s-%04x-11f1-9b2a-%012x", run_tag, thread_id, counter)
    local uuid2 = string.format("%s-%04x-11f1-8c0d-%012x", run_tag, thread_id, counter)
    local body = part1 .. eventId .. part2 .. uuid1 .. part3 .. uuid2 .. part4
    return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

-- Runs in the main state after the run: sum each thread's status counts, print one JSON line.
function done(summary, latency, requests)
    local totals = {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses") or {}) do
            totals[status] = (totals[status] or 0) + count
        end
    end

    local status_json, non204 = {}, 0
    for status, count in pairs(totals) do
        table.insert(status_json, string.format('"%d":%d', status, count))
        if status ~= 204 then
            non204 = non204 + count
        end
    end

    -- Percentiles 0.1 to 99.0 in steps of 0.1, then 99.01 to 100 in steps of 0.01: [[p, µs], ...].
    local quantiles = ""
    if os.getenv("BENCH_QUANTILES") == "1" then
        local points = {}
        for i = 1, 990 do
            table.insert(points, string.format("[%.1f,%d]", i / 10, latency:percentile(i / 10)))
        end
        for i = 9901, 10000 do
            table.insert(points, string.format("[%.2f,%d]", i / 100, latency:percentile(i / 100)))
        end
        quantiles = ',"quantiles":[' .. table.concat(points, ",") .. "]"
    end

    local seconds = summary.duration / 1e6
    local e = summary.errors
    io.write(string.format(
        'BENCH_RESULT {"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
        '"max_us":%d,"status":{%s},"non204":%d,"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}%s}\n',
        summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
        table.concat(status_json, ","), non204,
        e.connect, e.read, e.write, e.timeout, e.status, quantiles))
end
