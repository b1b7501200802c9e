namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>
/// The Lua scripts of the tier. Each runs atomically on the app's slot (every key shares the app's hash tag) and is one
/// round trip; StackExchange.Redis sends them by SHA and resends the text after a server lost its script cache.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// Reads the value and its remaining lifetime (PTTL) together, classifies it (fresh until the fleet's soft moment, which is
    /// spread inside the refresh-ahead window by the token's hash), and, when it is missing, due for refresh or unusable, tries to take the lease (<c>SET NX PX</c>) and the next fencing generation (<c>INCR</c>).
    /// KEYS: value, lease, fence, pause. ARGV: owner, lease ms, max refresh-ahead ms, max safety margin ms, mode
    /// (<c>get</c>, <c>skip</c>: the value with hash ARGV[6] counts as unusable, <c>read</c>: never lease), hash, fence
    /// seed (used when the fence key is gone, so generations never repeat after Redis lost its data), fence ttl ms.
    /// Returns { status, pttl, a, b, v, g, f, h, e, t, c } with status <c>hit</c> (fresh), <c>ahead</c> (valid, paused or
    /// leased elsewhere: a = 1 when another instance holds the lease), <c>won</c> (a = generation), <c>held</c> (a = lease
    /// pttl, b = current generation) or <c>read</c>.
    /// </summary>
    public const string Acquire = """
        local v = redis.call('HMGET', KEYS[1], 'v', 'g', 'f', 'h', 'e', 't', 'c')
        local pttl = redis.call('PTTL', KEYS[1])
        local mode = ARGV[5]
        local state = 'absent'
        if v[1] and pttl > 0 then
          local life = (tonumber(v[5]) or 0) - (tonumber(v[6]) or 0)
          local ahead = math.min(tonumber(ARGV[3]), life / 5)
          local margin = math.min(tonumber(ARGV[4]), life / 10)
          -- The fleet's soft moment, spread like one process's (in the first two thirds of the refresh-ahead window) but
          -- drawn from the token's hash, so every instance agrees on it and the fleet refreshes as one process would.
          local spread = (tonumber(string.sub(v[4] or '', 1, 4), 16) or 0) / 65536
          local soft = ahead - spread * (ahead - margin) * 2 / 3
          if mode == 'skip' and (v[4] or '') == ARGV[6] then
            state = 'unusable'
          elseif pttl > soft then
            state = 'fresh'
          elseif pttl > margin then
            state = 'ahead'
          else
            state = 'expiring'
          end
        end
        if mode == 'read' then
          return { 'read', pttl, 0, 0, v[1], v[2], v[3], v[4], v[5], v[6], v[7] }
        end
        if state == 'fresh' then
          return { 'hit', pttl, 0, 0, v[1], v[2], v[3], v[4], v[5], v[6], v[7] }
        end
        if (state == 'ahead' or state == 'expiring') and redis.call('EXISTS', KEYS[4]) == 1 then
          return { 'ahead', pttl, 0, 0, v[1], v[2], v[3], v[4], v[5], v[6], v[7] }
        end
        if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
          if redis.call('EXISTS', KEYS[3]) == 0 then
            redis.call('SET', KEYS[3], ARGV[7])
          end
          local gen = redis.call('INCR', KEYS[3])
          redis.call('PEXPIRE', KEYS[3], ARGV[8])
          return { 'won', pttl, gen, 0, v[1], v[2], v[3], v[4], v[5], v[6], v[7] }
        end
        if state == 'ahead' then
          return { 'ahead', pttl, 1, 0, v[1], v[2], v[3], v[4], v[5], v[6], v[7] }
        end
        local gen = tonumber(redis.call('GET', KEYS[3]) or '0')
        return { 'held', pttl, redis.call('PTTL', KEYS[2]), gen, v[1], v[2], v[3], v[4], v[5], v[6], v[7] }
        """;

    /// <summary>
    /// The lease holder's write, a fencing compare: refused (0) unless the fence still holds the writer's generation;
    /// refused (-1) for a token the fleet rejected; when the value already holds this token (2), counts the attempt and
    /// pauses the fleet's refreshes; otherwise (1) replaces the value, sets its expiry, clears the pause, releases the
    /// lease and publishes the notice.
    /// KEYS: value, lease, fence, pause, rejected. ARGV: generation, owner, ttl ms, v, f, h, e, t, c, channel, notice,
    /// retry base ms, retry max ms, jitter factor.
    /// </summary>
    public const string Write = """
        if redis.call('GET', KEYS[3]) ~= ARGV[1] then
          return 0
        end
        local function release()
          if redis.call('GET', KEYS[2]) == ARGV[2] then
            redis.call('DEL', KEYS[2])
          end
        end
        if redis.call('GET', KEYS[5]) == ARGV[6] then
          release()
          return -1
        end
        local current = redis.call('HMGET', KEYS[1], 'h', 'f')
        if current[1] == ARGV[6] and current[2] == ARGV[5] and redis.call('PTTL', KEYS[1]) > 0 then
          local n = redis.call('HINCRBY', KEYS[1], 'r', 1)
          local delay = math.min(tonumber(ARGV[13]), tonumber(ARGV[12]) * math.pow(2, math.min(n - 1, 20)))
          redis.call('SET', KEYS[4], '1', 'PX', math.max(1, math.floor(delay * tonumber(ARGV[14]))))
          release()
          redis.call('PUBLISH', ARGV[10], ARGV[11])
          return 2
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'v', ARGV[4], 'g', ARGV[1], 'f', ARGV[5], 'h', ARGV[6], 'e', ARGV[7], 't', ARGV[8], 'c', ARGV[9])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('DEL', KEYS[4])
        release()
        redis.call('PUBLISH', ARGV[10], ARGV[11])
        return 1
        """;

    /// <summary>
    /// The lease holder's fetch failed: when a value is still there, counts the attempt and pauses the fleet's refreshes
    /// (it keeps serving that value); releases the lease; publishes the failure so waiters stop waiting. Nothing when a
    /// newer holder exists (returns 0).
    /// KEYS: value, lease, fence, pause. ARGV: generation, owner, channel, notice, retry base ms, retry max ms, jitter factor.
    /// </summary>
    public const string Fail = """
        if redis.call('GET', KEYS[3]) ~= ARGV[1] then
          return 0
        end
        if redis.call('PTTL', KEYS[1]) > 0 then
          local n = redis.call('HINCRBY', KEYS[1], 'r', 1)
          local delay = math.min(tonumber(ARGV[6]), tonumber(ARGV[5]) * math.pow(2, math.min(n - 1, 20)))
          redis.call('SET', KEYS[4], '1', 'PX', math.max(1, math.floor(delay * tonumber(ARGV[7]))))
        end
        if redis.call('GET', KEYS[2]) == ARGV[2] then
          redis.call('DEL', KEYS[2])
        end
        redis.call('PUBLISH', ARGV[3], ARGV[4])
        return 1
        """;

    /// <summary>Extends the lease only while the caller still owns it. KEYS: lease. ARGV: owner, lease ms.</summary>
    public const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    /// <summary>
    /// Compare-and-delete of a rejected token by its hash; remembers the hash so no instance writes the token back; publishes
    /// the rejection to every instance. KEYS: value, rejected. ARGV: hash, memory ms, channel, notice. Returns 1 when deleted.
    /// </summary>
    public const string Invalidate = """
        local deleted = 0
        if redis.call('HGET', KEYS[1], 'h') == ARGV[1] then
          redis.call('DEL', KEYS[1])
          deleted = 1
        end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        redis.call('PUBLISH', ARGV[3], ARGV[4])
        return deleted
        """;

    /// <summary>
    /// Takes one of the fleet's forced refreshes of an app, only for the lease holder: at least ARGV[3] ms apart and at most
    /// ARGV[4] a day. KEYS: lease, spacing, day counter. ARGV: owner, unused, interval ms, daily limit, day counter ttl ms.
    /// Returns the day's count when allowed, -1 too soon, -2 daily limit reached, -3 not the lease holder.
    /// </summary>
    public const string ReserveForce = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return -3
        end
        if redis.call('EXISTS', KEYS[2]) == 1 then
          return -1
        end
        local n = tonumber(redis.call('GET', KEYS[3]) or '0')
        if n >= tonumber(ARGV[4]) then
          return -2
        end
        redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
        n = redis.call('INCR', KEYS[3])
        redis.call('PEXPIRE', KEYS[3], ARGV[5])
        return n
        """;
}
