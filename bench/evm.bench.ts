// `npm run bench` rows for the EVM adapter: ERC-20 log decoding throughput on real mainnet logs, and
// ingest throughput from a geth --dev node (started here with test/services/geth, filled with native,
// token and forwarded transfers sent without waiting, so blocks hold many transactions). Each
// measurement runs in its own child process. BENCH_EVM_TXS sets the dev-node workload (default 600).

import { fileURLToPath } from 'node:url';
import { type Contract, ContractFactory, id, Interface, parseEther, Wallet } from 'ethers';
import { compileContracts, devProvider, devSigner } from '../test/evm/support/dev-chain.js';
import { type BenchRow, fmtBytes, fmtRate, fmtSeconds, measureChild } from './table.js';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

function decodeRow(): BenchRow {
  const m = measureChild(here('./evm-decode.ts'), ['500']);
  const r = JSON.parse(m.stdout.split('\n')[0]) as { logs: number; transfers: number; seconds: number };
  return {
    area: 'evm',
    case: `decode ERC-20 Transfer logs (${r.logs.toLocaleString('en-US')} mainnet logs, ${r.transfers.toLocaleString('en-US')} transfers)`,
    figure: fmtRate(r.transfers, r.seconds, 'transfers'),
    time: fmtSeconds(r.seconds),
    peakMemory: fmtBytes(m.peakRssBytes),
  };
}

async function ingestRow(): Promise<BenchRow> {
  const { start } = await import('../test/services/geth/service.js');
  const geth = await start();
  try {
    process.env.GETH_RPC_URL = geth.env.GETH_RPC_URL;
    const provider = devProvider(geth.env.GETH_RPC_URL);
    const dev = await devSigner(provider);
    const devAddress = await dev.getAddress();
    const c = compileContracts();
    const token = (await new ContractFactory(c.TestToken.abi, c.TestToken.bytecode, dev).deploy(10n ** 18n)) as Contract;
    await token.waitForDeployment();
    const fwd = (await new ContractFactory(c.Forwarder.abi, c.Forwarder.bytecode, dev).deploy()) as Contract;
    await fwd.waitForDeployment();
    const first = Number(await provider.send('eth_blockNumber', []));
    const iToken = new Interface(c.TestToken.abi);
    const iFwd = new Interface(c.Forwarder.abi);
    const n = Number(process.env.BENCH_EVM_TXS ?? 600);
    const hashes: string[] = [];
    for (let i = 0; i < n; i++) {
      const to = new Wallet(id(`bench:${i}`)).address;
      const kind = i % 3;
      const tx =
        kind === 0
          ? { from: devAddress, to, value: `0x${parseEther('0.001').toString(16)}` }
          : kind === 1
            ? { from: devAddress, to: await token.getAddress(), data: iToken.encodeFunctionData('transfer', [to, 1000n + BigInt(i)]), gas: '0x493e0' }
            : { from: devAddress, to: await fwd.getAddress(), data: iFwd.encodeFunctionData('forward', [to, devAddress]), value: `0x${parseEther('0.002').toString(16)}`, gas: '0x61a80' };
      hashes.push((await provider.send('eth_sendTransaction', [tx])) as string);
    }
    await provider.waitForTransaction(hashes[hashes.length - 1]);
    const last = Number(await provider.send('eth_blockNumber', []));
    const m = measureChild(here('./evm-ingest.ts'), [String(first + 1), String(last)], { GETH_RPC_URL: geth.env.GETH_RPC_URL });
    const r = JSON.parse(m.stdout.split('\n')[0]) as { blocks: number; transfers: number; traces: string; seconds: number };
    return {
      area: 'evm',
      case: `ingest from geth --dev (${n} txs in ${r.blocks} blocks: native, ERC-20, forwarded; traces ${r.traces}; ${r.transfers} transfers)`,
      figure: `${fmtRate(r.transfers, r.seconds, 'transfers')}, ${fmtRate(n, r.seconds, 'tx')}`,
      time: fmtSeconds(r.seconds),
      peakMemory: fmtBytes(m.peakRssBytes),
    };
  } finally {
    await geth.stop();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows = [decodeRow()];
  try {
    rows.push(await ingestRow());
  } catch (e) {
    rows.push({ area: 'evm', case: 'ingest from geth --dev', figure: `not measured: ${(e as Error).message.slice(0, 100)}` });
  }
  return rows;
}
