using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Sagas.Packaging.Tests;

/// <summary>
/// Writes an application as a user lays one out, referencing Sagas only through the packed folder:
/// Orders.Contracts (Sagas.Abstractions) ← Orders.Service (Sagas.Redis, Sagas.Hosting) ← Orders.Tests
/// (xunit); Payments.Service (in memory, referencing both Sagas and Sagas.Abstractions) beside them,
/// all in Orders.slnx; and Drafts, a contracts project with the mistakes the message rules catch.
/// </summary>
internal static partial class UserSolution
{
    // What an app that already uses the newest Redis client references, whatever version
    // Sagas.Redis was built against: the client, and the System.IO.Hashing it needs (10.0.13 or
    // newer for 3.4.35; an older one beside it is a downgrade, NU1605).
    public const string StackExchangeRedisVersion = "3.4.35";
    public const string SystemIOHashingVersion = "10.0.14";

    /// <summary>Writes the application under <paramref name="folder"/>.</summary>
    public static void Write(string folder, string feed, string version)
    {
        // Stubs stop MSBuild from walking up into any Directory.Build.* or central versions above.
        // SagasEmitDiagrams for the whole build, as a user who wants every saga drawn sets it.
        WriteFile(folder, "Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <SagasEmitDiagrams>true</SagasEmitDiagrams>
              </PropertyGroup>
            </Project>
            """);
        WriteFile(folder, "Directory.Build.targets", "<Project />");
        WriteFile(folder, "Directory.Packages.props", "<Project />");
        // Sagas packages from the packed folder only; everything else from the usual feed.
        WriteFile(folder, "nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="sagas" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="sagas">
                  <package pattern="Sagas" />
                  <package pattern="Sagas.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        WriteFile(folder, "Orders.Contracts/Orders.Contracts.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Sagas.Abstractions" Version="{version}" />
                <!-- OrderPlaced is also a MediatR notification: the service bridges it to the Sagas bus. -->
                <PackageReference Include="MediatR" Version="{Pinned("MediatR")}" />
              </ItemGroup>
            </Project>
            """);
        WriteFile(folder, "Orders.Contracts/Messages.cs", """
            using Sagas;

            namespace Orders.Contracts;

            [Event] public sealed record OrderPlaced(Guid OrderId) : MediatR.INotification;
            [Command] public sealed record ShipOrder(Guid OrderId);
            [Event] public sealed record OrderShipped(Guid OrderId);
            [Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);
            [Event] public sealed record PaymentCaptured(Guid OrderId);
            """);

        WriteFile(folder, "Orders.Service/Orders.Service.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Sagas.Redis" Version="{version}" />
                <PackageReference Include="Sagas.Hosting" Version="{version}" />
                <PackageReference Include="StackExchange.Redis" Version="{StackExchangeRedisVersion}" />
                <PackageReference Include="System.IO.Hashing" Version="{SystemIOHashingVersion}" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="{Pinned("Microsoft.Extensions.Hosting")}" />
                <!-- With Stateless referenced, the generator gives each saga CreateStateMachine. -->
                <PackageReference Include="Stateless" Version="{Pinned("Stateless")}" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="../Orders.Contracts/Orders.Contracts.csproj" />
              </ItemGroup>
            </Project>
            """);
        WriteFile(folder, "Orders.Service/Program.cs", """
            using Microsoft.Extensions.Hosting;
            using Orders.Service;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddOrders(onRedis: builder.Configuration["Sagas:Redis:Configuration"] is not null);
            await builder.Build().RunAsync();
            """);
        // AddSagas() and AddShippingService() are generated: the build fails unless the generator ran from the packages.
        WriteFile(folder, "Orders.Service/OrdersSetup.cs", """
            using Microsoft.Extensions.DependencyInjection;
            using Sagas;

            namespace Orders.Service;

            public static class OrdersSetup
            {
                /// <summary>The order saga and the shipping service, in memory or on Redis; every setting from configuration (Sagas, Sagas:Redis).</summary>
                public static SagasBuilder AddOrders(this IServiceCollection services, bool onRedis)
                {
                    var sagas = services.AddSagas().AddShippingService().AddMediatRBridge().AddHostedWorker();
                    // MediatR 5 as its DI package registered it: an OrderPlaced published with IMediator reaches the saga.
                    services.AddScoped<MediatR.ServiceFactory>(provider => provider.GetService!);
                    services.AddScoped<MediatR.IMediator, MediatR.Mediator>();
                    return onRedis ? sagas.UseRedis() : sagas;
                }
            }
            """);
        WriteFile(folder, "Orders.Service/OrderSaga.cs", """
            using Orders.Contracts;
            using Sagas;

            namespace Orders.Service;

            public sealed class OrderData
            {
                public Guid OrderId { get; set; }
            }

            [Saga]
            public sealed partial class OrderSaga : Saga<OrderSaga.State, OrderData>
            {
                public enum State { AwaitingShipment, [Final] Completed }

                [StartedBy, Then(State.AwaitingShipment)]
                public void On(OrderPlaced e, MessageContext context)
                {
                    Data.OrderId = e.OrderId;
                    context.Send(new ShipOrder(e.OrderId));
                }

                [When(State.AwaitingShipment), Then(State.Completed)]
                public void On(OrderShipped e) { }
            }

            [Participant]
            public sealed class ShippingService : IMessageHandler<ShipOrder>
            {
                public ValueTask HandleAsync(ShipOrder message, MessageContext context, CancellationToken cancellationToken)
                {
                    context.Publish(new OrderShipped(message.OrderId));
                    return ValueTask.CompletedTask;
                }
            }
            """);

        WriteFile(folder, "Payments.Service/Payments.Service.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Sagas" Version="{version}" />
                <PackageReference Include="Sagas.Abstractions" Version="{version}" />
                <PackageReference Include="Sagas.Hosting" Version="{version}" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="../Orders.Contracts/Orders.Contracts.csproj" />
              </ItemGroup>
            </Project>
            """);
        WriteFile(folder, "Payments.Service/PaymentService.cs", """
            using Microsoft.Extensions.DependencyInjection;
            using Orders.Contracts;
            using Sagas;

            namespace Payments.Service;

            [Participant]
            public sealed class PaymentService : IMessageHandler<CapturePayment>
            {
                public ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken)
                {
                    context.Publish(new PaymentCaptured(message.OrderId));
                    return ValueTask.CompletedTask;
                }
            }

            public static class PaymentsSetup
            {
                public static SagasBuilder AddPayments(this IServiceCollection services) =>
                    services.AddSagas().AddPaymentService().AddHostedWorker();
            }
            """);

        WriteFile(folder, "Orders.Tests/Orders.Tests.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <IsTestProject>true</IsTestProject>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{Pinned("Microsoft.NET.Test.Sdk")}" />
                <PackageReference Include="xunit" Version="{Pinned("xunit")}" />
                <PackageReference Include="xunit.runner.visualstudio" Version="{Pinned("xunit.runner.visualstudio")}" PrivateAssets="all" />
                <PackageReference Include="Sagas.Testing" Version="{version}" />
              </ItemGroup>
              <ItemGroup>
                <None Update="appsettings.json" CopyToOutputDirectory="PreserveNewest" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="../Orders.Service/Orders.Service.csproj" />
              </ItemGroup>
            </Project>
            """);
        // The settings a team keeps in appsettings.json; the Redis address and its ACL user come from
        // the environment (Sagas__Redis__Configuration), as a deployment gives secrets.
        WriteFile(folder, "Orders.Tests/appsettings.json", """
            {
              "Sagas": {
                "Concurrency": 2,
                "Redis": {
                  "KeyPrefix": "orders:",
                  "TimeoutPollInterval": "00:00:00.100",
                  "Streams": { "ServiceName": "orders", "BlockTime": "00:00:00.200" }
                }
              }
            }
            """);
        WriteFile(folder, "Orders.Tests/OrderTests.cs", """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Orders.Contracts;
            using Orders.Service;
            using Sagas;
            using Xunit;

            namespace Orders.Tests;

            public sealed class OrderTests
            {
                [Fact]
                public async Task A_placed_order_is_shipped_and_completes()
                {
                    Assert.Equal("Completed", await PlaceOrderAsync(onRedis: false));
                }

                [Fact]
                public async Task An_order_published_with_MediatR_reaches_the_saga_through_the_bridge()
                {
                    Assert.Equal("Completed", await PlaceOrderAsync(onRedis: false, withMediatR: true));
                }

                [Fact]
                public void With_Stateless_referenced_the_saga_has_a_state_machine_of_its_transitions()
                {
                    var machine = OrderSaga.CreateStateMachine(OrderSaga.State.AwaitingShipment);

                    Assert.True(machine.CanFire(typeof(OrderShipped)));
                    machine.Fire(typeof(OrderShipped));
                    Assert.Equal(OrderSaga.State.Completed, machine.State);
                }

                [Fact]
                public async Task On_Redis_a_placed_order_is_shipped_and_completes_with_every_setting_from_configuration()
                {
                    Assert.Equal("Completed", await PlaceOrderAsync(onRedis: true));
                }

                private static async Task<string> PlaceOrderAsync(bool onRedis, bool withMediatR = false)
                {
                    var finished = new TaskCompletionSource<SagaTransition>(TaskCreationOptions.RunContinuationsAsynchronously);
                    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
                    builder.Services.AddSingleton<ISagaObserver>(new Finished(finished));
                    builder.Services.AddOrders(onRedis);
                    using var host = builder.Build();
                    await host.StartAsync();
                    if (onRedis)
                    {
                        Assert.IsType<RedisSagaStore>(host.Services.GetRequiredService<ISagaStore>());
                    }

                    if (withMediatR)
                    {
                        using var scope = host.Services.CreateScope();
                        await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Publish(new OrderPlaced(Guid.NewGuid()));
                    }
                    else
                    {
                        await host.Services.GetRequiredService<IMessageBus>().PublishAsync(new OrderPlaced(Guid.NewGuid()));
                    }

                    var last = await finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    await host.StopAsync();
                    return last.ToState;
                }

                private sealed class Finished(TaskCompletionSource<SagaTransition> finished) : ISagaObserver
                {
                    public void OnTransition(SagaTransition transition)
                    {
                        if (transition.IsFinal)
                        {
                            finished.TrySetResult(transition);
                        }
                    }
                }
            }
            """);

        // README's Testing: the harness, with the test project's own generated AddSagas(), which registers
        // the service's saga, and the service's public AddShippingService(), from the packages only.
        WriteFile(folder, "Orders.Tests/HarnessTests.cs", """
            using Orders.Contracts;
            using Orders.Service;
            using Sagas.Testing;
            using Xunit;

            namespace Orders.Tests;

            public sealed class HarnessTests
            {
                [Fact]
                public async Task In_the_harness_a_placed_order_is_shipped_and_completes()
                {
                    await using var harness = new SagaTestHarness(services => services.AddSagas().AddShippingService());
                    var orderId = Guid.NewGuid();

                    await harness.PublishAsync(new OrderPlaced(orderId));
                    await harness.IdleAsync();

                    Assert.Equal("Completed", (await harness.GetSagaAsync<OrderSaga, OrderData>(orderId))!.State);
                    Assert.Single(harness.Sent.Select<ShipOrder>());
                }
            }
            """);

        WriteFile(folder, "Orders.slnx", """
            <Solution>
              <Project Path="Orders.Contracts/Orders.Contracts.csproj" />
              <Project Path="Orders.Service/Orders.Service.csproj" />
              <Project Path="Orders.Tests/Orders.Tests.csproj" />
              <Project Path="Payments.Service/Payments.Service.csproj" />
            </Solution>
            """);

        WriteFile(folder, "Drafts/Drafts.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Sagas.Abstractions" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        WriteFile(folder, "Drafts/Messages.cs", """
            using Sagas;

            namespace Drafts;

            [Event] public sealed record PlaceOrder(Guid OrderId);

            [Event]
            public sealed class PaymentCaptured
            {
                public Guid OrderId { get; set; }
            }

            [Command] public sealed record CapturePayment(Guid OrderId);

            [Command("CapturePayment")] public sealed record CapturePaymentAgain(Guid OrderId);
            """);
    }

    private static void WriteFile(string folder, string path, string text)
    {
        var full = Path.Combine(folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    // The version the repository pins, so that the application restores what the repository's own build does.
    private static string Pinned(string id)
    {
        var props = XElement.Load(Path.Combine(DotNetCli.RepositoryRoot(), "Directory.Packages.props"));
        var version = props.Descendants("PackageVersion").Single(p => (string?)p.Attribute("Include") == id).Attribute("Version")!.Value;
        return PropertyReference().Replace(version, m => props.Descendants(m.Groups[1].Value).Single().Value);
    }

    [GeneratedRegex(@"\$\((\w+)\)")]
    private static partial Regex PropertyReference();
}
