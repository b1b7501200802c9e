using GenAuth.Hexagonal.Cli;

return await GenAuthWechatCli.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable).ConfigureAwait(false);
