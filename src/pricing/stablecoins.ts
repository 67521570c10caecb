// The stablecoin rule (`stablecoin-usd-par`): USDT and USDC, on every chain the toolkit knows their
// contracts for, are valued at exactly 1 USD. Named so that every figure it produces says so, and
// overridable: a price in the loaded table for that asset and day wins, and the rule can be switched off.
// Known false positive: a de-peg (USDC fell to about 0.88 USD on 11 March 2023); load prices for such days.

export const STABLECOIN_RULE = 'stablecoin-usd-par';

/** `<chain>/<asset>` (lower-cased) of the USD stablecoins the rule covers. */
const USD_STABLECOINS = new Set(
  [
    'ethereum/erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7', // USDT
    'ethereum/erc20:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', // USDC
    'tron/trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', // USDT
    'tron/trc20:TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8', // USDC
    'bsc/erc20:0x55d398326f99059fF775485246999027B3197955', // USDT (BEP-20)
    'bsc/erc20:0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d', // USDC (BEP-20)
    'polygon/erc20:0xc2132D05D31c914a87C6611C10748AEb04B58e8F', // USDT
    'polygon/erc20:0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359', // USDC
    'arbitrum/erc20:0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9', // USDT
    'arbitrum/erc20:0xaf88d065e77c8cC2239327C5EDb3A432268e5831', // USDC
    'base/erc20:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913', // USDC
  ].map((k) => k.toLowerCase()),
);

/** Whether the stablecoin rule values this asset at 1 USD. */
export function isUsdStablecoin(chain: string, asset: string): boolean {
  return USD_STABLECOINS.has(`${chain}/${asset}`.toLowerCase());
}
