using GenAuth.Hexagonal.Fleet.Worker;

// One instance of a fleet: see FleetWorker. Arguments: --emulator URL --redis HOST:PORT [--source genauth|wechat-token|wechat-stable]
// [--apps N] [--secret-suffix S] [--prefix P] [--fetch-budget-ms N] [--operation-timeout-ms N] [--poll-ms N] [--outage use-source|fail-closed]
return await FleetWorker.RunAsync(args, Console.In, Console.Out).ConfigureAwait(false);
