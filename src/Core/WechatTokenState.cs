namespace GenAuth.Hexagonal;

/// <summary>Where a cached token stands on its <see cref="WechatTokenTimeline"/>.</summary>
public enum WechatTokenState
{
    /// <summary>Before the soft moment: served, nothing else happens.</summary>
    Fresh = 0,

    /// <summary>Between the soft and hard moments: served at once while one background refresh runs.</summary>
    RefreshAhead = 1,

    /// <summary>After the hard moment: no longer served; callers wait for one shared fetch.</summary>
    Expired = 2,
}
