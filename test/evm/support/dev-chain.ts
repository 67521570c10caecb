// Builds a small, known history on the geth dev node (GETH_RPC_URL): fresh accounts funded by the dev
// account, the test contracts of test/fixtures/evm/contracts.sol compiled with the solc npm package, and
// native, token and internal (contract-forwarded, partly reverted) transfers, one transaction a block.
// Used by the integration test and by the ingest benchmark.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ContractFactory, type Contract, id, JsonRpcProvider, type JsonRpcSigner, parseEther, type TransactionReceipt, Wallet, type InterfaceAbi } from 'ethers';
import solc from 'solc';

const SOURCE = fileURLToPath(new URL('../../fixtures/evm/contracts.sol', import.meta.url));

export interface Compiled {
  abi: InterfaceAbi;
  bytecode: string;
}

const compiledFiles = new Map<string, Record<string, Compiled>>();

/** Compiles one Solidity file of test/fixtures/evm with solc, once per process and file. */
export function compileSolidityFile(path: string): Record<string, Compiled> {
  const cached = compiledFiles.get(path);
  if (cached) return cached;
  const name = path.split('/').pop() as string;
  const input = {
    language: 'Solidity',
    sources: { [name]: { content: readFileSync(path, 'utf8') } },
    settings: { evmVersion: 'cancun', optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const compiled: Record<string, Compiled> = {};
  for (const [contract, c] of Object.entries(out.contracts[name])) compiled[contract] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  compiledFiles.set(path, compiled);
  return compiled;
}

/** Compiles the test contracts once per process. */
export function compileContracts(): Record<string, Compiled> {
  return compileSolidityFile(SOURCE);
}

export function devProvider(url = process.env.GETH_RPC_URL): JsonRpcProvider {
  if (!url) throw new Error('GETH_RPC_URL is not set: run the suite with the geth service (LEDGERHOUND_SERVICES=geth)');
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  provider.pollingInterval = 50;
  return provider;
}

export async function devSigner(provider: JsonRpcProvider): Promise<JsonRpcSigner> {
  const accounts = (await provider.send('eth_accounts', [])) as string[];
  return provider.getSigner(accounts[0]);
}

export interface Scenario {
  firstBlock: number;
  lastBlock: number;
  alice: Wallet;
  bob: string;
  carol: string;
  token: Contract;
  forwarder: Contract;
  refuser: Contract;
  tokenAddress: string;
  forwarderAddress: string;
  refuserAddress: string;
  receipts: Record<string, TransactionReceipt>;
}

async function mined(p: Promise<{ wait(): Promise<TransactionReceipt | null> }>): Promise<TransactionReceipt> {
  const tx = await p;
  const r = await tx.wait();
  if (!r) throw new Error('no receipt');
  return r;
}

/**
 * Runs the scenario with accounts derived from `label` (keys = keccak256(label:name); a new label gives
 * fresh addresses on the same node):
 * fund, deploy (token mint log), token transfer, forward (2 internal calls), token forward via
 * transferFrom, split with a refused internal call, and a transaction that reverts after sending.
 */
export async function runScenario(provider: JsonRpcProvider, label: string): Promise<Scenario> {
  const c = compileContracts();
  const dev = await devSigner(provider);
  const aliceWallet = new Wallet(id(`${label}:alice`), provider);
  const bob = new Wallet(id(`${label}:bob`)).address;
  const carol = new Wallet(id(`${label}:carol`)).address;
  const receipts: Record<string, TransactionReceipt> = {};

  receipts.fund = await mined(dev.sendTransaction({ to: aliceWallet.address, value: parseEther('10') }));
  const tokenF = new ContractFactory(c.TestToken.abi, c.TestToken.bytecode, dev);
  const token = (await tokenF.deploy(1_000_000_000_000n)) as Contract;
  receipts.deployToken = (await token.deploymentTransaction()!.wait())!;
  const fwdF = new ContractFactory(c.Forwarder.abi, c.Forwarder.bytecode, dev);
  const forwarder = (await fwdF.deploy()) as Contract;
  receipts.deployForwarder = (await forwarder.deploymentTransaction()!.wait())!;
  const refF = new ContractFactory(c.Refuser.abi, c.Refuser.bytecode, dev);
  const refuser = (await refF.deploy()) as Contract;
  receipts.deployRefuser = (await refuser.deploymentTransaction()!.wait())!;
  const tokenAddress = await token.getAddress();
  const forwarderAddress = await forwarder.getAddress();
  const refuserAddress = await refuser.getAddress();

  const tokenAsDev = token.connect(dev) as Contract;
  receipts.tokenToAlice = await mined(tokenAsDev.transfer(aliceWallet.address, 5_000_000_000n));
  const tokenAsAlice = token.connect(aliceWallet) as Contract;
  const fwdAsAlice = forwarder.connect(aliceWallet) as Contract;
  receipts.forward = await mined(fwdAsAlice.forward(bob, carol, { value: parseEther('3') }));
  receipts.approve = await mined(tokenAsAlice.approve(forwarderAddress, 1_000_000_000n));
  receipts.forwardToken = await mined(fwdAsAlice.forwardToken(tokenAddress, aliceWallet.address, bob, 700_000_000n));
  receipts.split = await mined(fwdAsAlice.splitWithRefusal(carol, refuserAddress, { value: parseEther('2') }));
  const failing = await fwdAsAlice.failAfterSend(bob, { value: parseEther('1'), gasLimit: 200_000n });
  const failed = await provider.waitForTransaction(failing.hash);
  receipts.failed = failed!;
  receipts.plain = await mined(aliceWallet.sendTransaction({ to: carol, value: parseEther('0.25') }));
  const blocks = Object.values(receipts).map((r) => r.blockNumber);
  return {
    firstBlock: Math.min(...blocks),
    lastBlock: Math.max(...blocks),
    alice: aliceWallet,
    bob,
    carol,
    token,
    forwarder,
    refuser,
    tokenAddress,
    forwarderAddress,
    refuserAddress,
    receipts,
  };
}
