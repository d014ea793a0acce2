// A tiny hand-checkable trace. With 2 microshards on 2 nodes the consistent-hash placement puts
// both microshards on n1 (checked by the tests). Keys: LO* hash below 2^63 (microshard 0), HI*
// above (microshard 1); k0, k2 are LO, k1 is HI.
export const SMALL_TRACE = [
  't,key,ops,group',
  '0,k0,6,g',
  '0,k1,3,g',
  '1,k0,12,',
  '1,k1,3,',
  '2,k0,4,g',
  '2,k2,8,',
  '2,k1,1,g',
  '3,k1,11,',
].join('\n') + '\n';
