namespace PointsExchange.Server.Tests;

/// <summary>A small exchange built through the API, as an operator and two merchants would.</summary>
internal sealed record Exchange(string HotelMerchantKey, string AirMerchantKey, long Alice, string AliceKey, long Bob, string BobKey)
{
    public const string Symbol = "HOTEL-AIRMILES";

    public static async Task<Exchange> CreateAsync(TestServer server, long funding = 100_000, long hotelDailyLimit = 0, int makerBps = 10, int takerBps = 20)
    {
        var admin = TestServer.As(server.AdminKey);
        var hotel = await server.Admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = "Grand Hotels", Role = Role.Merchant }, admin);
        var air = await server.Admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = "SkyHigh", Role = Role.Merchant }, admin);
        await server.Admin.CreateCurrencyAsync(new CreateCurrencyRequest
        {
            Code = "HOTEL", Name = "Hotel points", MerchantAccountId = hotel.AccountId, ReferenceCashValueMinor = 80, DailyIssuanceLimit = hotelDailyLimit,
        }, admin);
        await server.Admin.CreateCurrencyAsync(new CreateCurrencyRequest
        {
            Code = "AIRMILES", Name = "Air miles", MerchantAccountId = air.AccountId, ReferenceCashValueMinor = 100,
        }, admin);
        await server.Admin.CreatePairAsync(new CreatePairRequest
        {
            Base = "HOTEL", Quote = "AIRMILES", LotSize = 100, TickSize = 5, MinQuantity = 1, MakerFeeBps = makerBps, TakerFeeBps = takerBps,
        }, admin);
        var alice = await server.Admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = "alice", Role = Role.User }, admin);
        var bob = await server.Admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = "bob", Role = Role.User }, admin);
        if (funding > 0)
        {
            foreach (var member in new[] { alice.AccountId, bob.AccountId })
            {
                await server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "HOTEL", AccountId = member, Amount = funding, IdempotencyKey = $"h{member}" },
                    TestServer.As(hotel.ApiKey));
                await server.Merchant.IssuePointsAsync(new PointsRequest { Currency = "AIRMILES", AccountId = member, Amount = funding, IdempotencyKey = $"a{member}" },
                    TestServer.As(air.ApiKey));
            }
        }

        return new Exchange(hotel.ApiKey, air.ApiKey, alice.AccountId, alice.ApiKey, bob.AccountId, bob.ApiKey);
    }

    public static PlaceOrderRequest Limit(Side side, long price, long quantity, string clientOrderId = "") => new()
    {
        Symbol = Symbol, Side = side, Type = OrderType.Limit, Price = price, Quantity = quantity, ClientOrderId = clientOrderId,
    };
}
